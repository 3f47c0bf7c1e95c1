// Nothing outside the media directory can be read or written: `../`, encoded forms, absolute paths, hidden names.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import {
  bytesOf,
  type ErrorBody,
  type GroupBody,
  jsonOf,
  type MediaHarness,
  pdfDocument,
  pngImage,
  startMedia,
  upload,
  type UploadBody,
  uploadForm,
} from "./harness.ts";

let h: MediaHarness;
let secretPng: Uint8Array;
let port: number;
const secretPdf = pdfDocument("TOP SECRET outside the media dir");

beforeAll(async () => {
  h = await startMedia();
  port = Number(new URL(h.base).port);
  secretPng = await pngImage(7, 7, "#ff0000");
  // <root>/secret.* sits next to <root>/media, one level above the group folders' parent.
  await writeFile(join(h.root, "secret.png"), secretPng);
  await writeFile(join(h.root, "secret.pdf"), secretPdf);
});
afterAll(async () => {
  await h.stop();
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Send the request line exactly as written (like curl --path-as-is): no client-side `..` clean-up. */
function rawGet(path: string): Promise<{ status: number; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      resolve({ status: Number(all.subarray(9, 12).toString()), body: new Uint8Array(all.subarray(split + 4)) });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe("reading", () => {
  const attempts = [
    "/static/icons/../../secret.png",
    "/static/icons/..%2F..%2Fsecret.png",
    "/static/icons/%2e%2e%2f%2e%2e%2fsecret.png",
    "/static/icons/%252e%252e%252f%252e%252e%252fsecret.png",
    "/static/icons/..%5C..%5Csecret.png",
    "/static/icons/%2Fetc%2Fpasswd.png",
    "/static/icons//etc/passwd.png",
    `/static/icons/${encodeURIComponent("/tmp/secret")}.png`,
    "/static/resume/..%2F..%2Fsecret.pdf",
    "/static/resume/....%2F%2F....%2F%2Fsecret.pdf",
    "/static/resume/%00secret.pdf",
  ];
  for (const path of attempts) {
    it(`never serves a file outside the media dir for ${path}`, async () => {
      const res = await rawGet(path);
      expect(sameBytes(res.body, secretPng)).toBe(false);
      expect(sameBytes(res.body, secretPdf)).toBe(false);
      expect(new TextDecoder().decode(res.body)).not.toContain("root:");
      // Either a refusal, or a placeholder from inside the repository's defaults.
      expect([200, 400, 404]).toContain(res.status);
    });
  }

  it("refuses encoded separators in a name with 400", async () => {
    const res = await fetch(`${h.base}/static/icons/..%2F..%2Fsecret.png`);
    expect(res.status).toBe(400);
    expect((await jsonOf<ErrorBody>(res)).error).toMatchObject({ code: "invalid", field: "name" });
  });

  it("never serves the hidden temp files an upload writes", async () => {
    await writeFile(join(h.dir, "resume", ".upload-x.tmp"), secretPdf);
    const res = await fetch(`${h.base}/static/resume/.upload-x.pdf`);
    expect(res.status).toBe(400);
    const described = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/resume`));
    expect(described.files.map((f) => f.name).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("does not follow a group name out of the media dir", async () => {
    const res = await rawGet("/describe/..%2F..");
    expect(res.status).toBe(404);
  });
});

describe("writing", () => {
  const hostile = [
    { filename: "../../secret", stored: "secret" },
    { filename: "../../../../../../tmp/evil", stored: "tmp_evil" },
    { filename: "/etc/passwd", stored: "etc_passwd" },
    { filename: "..\\..\\windows\\evil", stored: "windows_evil" },
    { filename: "%2e%2e%2fencoded", stored: "2e_2e_2fencoded" },
    { filename: ".hidden", stored: "hidden" },
    { filename: "...", stored: undefined },
    { filename: "name\u0000.pdf\u0000", stored: "name_pdf" },
  ];
  for (const { filename, stored } of hostile) {
    it(`keeps an upload named ${JSON.stringify(filename)} inside its group folder`, async () => {
      const outsideBefore = (await readdir(h.root)).sort();
      const pdf = pdfDocument(`payload ${filename}`);
      const res = await upload(h, "resume", uploadForm(pdf, filename));
      if (stored === undefined) {
        expect(res.status).toBe(400);
      } else {
        expect(res.status).toBe(201);
        expect((await jsonOf<UploadBody>(res)).path).toBe(`/static/resume/${stored}.pdf`);
        expect(sameBytes(new Uint8Array(await readFile(join(h.dir, "resume", `${stored}.pdf`))), pdf)).toBe(true);
      }
      expect((await readdir(h.root)).sort()).toEqual(outsideBefore);
      expect(sameBytes(new Uint8Array(await readFile(join(h.root, "secret.pdf"))), secretPdf)).toBe(true);
      expect((await readdir(join(h.dir, "resume"))).filter((f) => f.startsWith(".") && f !== ".upload-x.tmp")).toEqual(
        [],
      );
    });
  }

  it("refuses an upload to a group path that tries to climb out", async () => {
    const res = await upload(h, "..%2F..", uploadForm(pdfDocument("x"), "x"));
    expect(res.status).toBe(404);
    expect(await bytesOf(await fetch(`${h.base}/static/icons/x.png`))).not.toEqual(secretPng);
  });
});
