// POST /upload/<group>: the round trip, type checks by magic bytes, credentials, limits and atomic replacement.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import {
  basic,
  bytesOf,
  type ErrorBody,
  type GroupBody,
  jpegImage,
  jsonOf,
  type MediaHarness,
  pdfDocument,
  pngImage,
  startMedia,
  upload,
  type UploadBody,
  uploader,
  uploadForm,
} from "./harness.ts";

let h: MediaHarness;
const limits = {
  MEDIA_MAX_BYTES_RESUME: "4000",
  MEDIA_MAX_BYTES_ICONS: "200000",
  MEDIA_IMAGE_SIZE_ICONS: "32",
  MEDIA_IMAGE_SIZE_PHOTOS: "120x80",
  // The credential tests here fail on purpose; throttling them is authThrottle.test.ts's subject.
  MEDIA_AUTH_MAX_FAILURES: "1000",
};

beforeAll(async () => {
  h = await startMedia(limits);
});
afterAll(async () => {
  await h.stop();
});

const filesIn = async (group: string) => (await readdir(join(h.dir, group))).sort();
const errorOf = async (res: Response) => (await jsonOf<ErrorBody>(res)).error;

describe("round trip", () => {
  it("stores a PDF byte for byte, lists it in describe and serves it back", async () => {
    const pdf = pdfDocument("Aboueleyes resume", 500);
    const res = await upload(h, "resume", uploadForm(pdf, "aboueleyes-reume-2", "cv.pdf", "application/pdf"));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ success: true, path: "/static/resume/aboueleyes-reume-2.pdf" });

    const described = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/resume`));
    expect(described.files).toContainEqual(
      expect.objectContaining({
        name: "aboueleyes-reume-2.pdf",
        path: "/static/resume/aboueleyes-reume-2.pdf",
        size: pdf.length,
        mimeType: "application/pdf",
      }),
    );

    const served = await fetch(`${h.base}/static/resume/aboueleyes-reume-2.pdf`);
    expect(served.headers.get("x-media-placeholder")).toBeNull();
    expect(await bytesOf(served)).toEqual(pdf);
  });

  it("re-encodes an icon to the configured size as PNG", async () => {
    const res = await upload(h, "icons", uploadForm(await pngImage(300, 200), "Accept"));
    expect(res.status).toBe(201);
    expect((await jsonOf<UploadBody>(res)).path).toBe("/static/icons/accept.png");
    const served = await bytesOf(await fetch(`${h.base}/static/icons/accept.png`));
    const meta = await sharp(served).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 32, 32]);
  });

  it("keeps a JPEG photo as JPEG (.jpg) and a PNG photo as PNG, both at the photo size", async () => {
    const jpg = await upload(h, "photos", uploadForm(await jpegImage(640, 480), "freelancer-7"));
    expect((await jsonOf<UploadBody>(jpg)).path).toBe("/static/photos/freelancer-7.jpg");
    const png = await upload(h, "photos", uploadForm(await pngImage(50, 50), "client-3"));
    expect((await jsonOf<UploadBody>(png)).path).toBe("/static/photos/client-3.png");
    for (const [path, format] of [
      ["/static/photos/freelancer-7.jpg", "jpeg"],
      ["/static/photos/client-3.png", "png"],
    ]) {
      const res = await fetch(h.base + path);
      expect(res.headers.get("content-type")).toBe(`image/${format}`);
      const meta = await sharp(await bytesOf(res)).metadata();
      expect([String(meta.format), meta.width, meta.height]).toEqual([format, 120, 80]);
    }
  });

  it("normalises the filename to a safe lower-case name and drops a typed extension", async () => {
    const res = await upload(h, "resume", uploadForm(pdfDocument("x"), "  My Résumé (v2).PDF "));
    expect((await jsonOf<UploadBody>(res)).path).toBe("/static/resume/my_resume_v2.pdf");
    expect(await filesIn("resume")).toContain("my_resume_v2.pdf");
  });
});

describe("type is decided by magic bytes", () => {
  it("refuses a PNG named .pdf and sent as application/pdf", async () => {
    const before = await filesIn("resume");
    const res = await upload(
      h,
      "resume",
      uploadForm(await pngImage(10, 10), "sneaky.pdf", "sneaky.pdf", "application/pdf"),
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      status: 400,
      code: "invalid",
      message: "resource is image/png; resume accepts application/pdf",
      field: "resource",
    });
    expect(await filesIn("resume")).toEqual(before);
  });

  it("refuses a JPEG for icons, which are PNG only", async () => {
    const res = await upload(h, "icons", uploadForm(await jpegImage(20, 20), "photo", "x.png", "image/png"));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("image/jpeg");
  });

  it("refuses bytes that only start like a PNG, and a PDF cut short", async () => {
    const fake = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
    const bad = await upload(h, "icons", uploadForm(fake, "broken"));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toContain("not a readable image/png");
    const pdf = pdfDocument("cut");
    const cut = await upload(h, "resume", uploadForm(pdf.subarray(0, pdf.length - 20), "cut"));
    expect(cut.status).toBe(400);
    expect(await filesIn("icons")).not.toContain("broken.png");
    expect(await filesIn("resume")).not.toContain("cut.pdf");
  });

  it("refuses an unrecognised type", async () => {
    const res = await upload(h, "attachments", uploadForm(new TextEncoder().encode("just some text"), "notes"));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("not a recognised file type");
  });
});

describe("missing or malformed fields", () => {
  it("names the missing field", async () => {
    const noResource = await upload(h, "resume", uploadForm(undefined, "x"));
    expect(await errorOf(noResource)).toMatchObject({ status: 400, code: "invalid", field: "resource" });
    const noName = await upload(h, "resume", uploadForm(pdfDocument("x"), undefined));
    expect(await errorOf(noName)).toMatchObject({ status: 400, code: "invalid", field: "filename" });
    const emptyName = await upload(h, "resume", uploadForm(pdfDocument("x"), "../..//"));
    expect(await errorOf(emptyName)).toMatchObject({ status: 400, field: "filename" });
  });

  it("refuses a text field as the resource and a non-multipart body", async () => {
    const form = new FormData();
    form.append("resource", "not a file");
    form.append("filename", "x");
    expect(await errorOf(await upload(h, "resume", form))).toMatchObject({ status: 400, field: "resource" });
    const json = await fetch(`${h.base}/upload/resume`, {
      method: "POST",
      headers: { authorization: basic(uploader.user, uploader.password), "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
  });

  it("answers 404 for an unknown group", async () => {
    const res = await upload(h, "banners", uploadForm(pdfDocument("x"), "x"));
    expect(await errorOf(res)).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("credentials", () => {
  const cases: [string, string | null][] = [
    ["a wrong password", basic(uploader.user, "wrong")],
    ["a wrong user", basic("someone", uploader.password)],
    ["a password with an extra character", basic(uploader.user, uploader.password + "!")],
    ["no Authorization header", null],
    ["a Bearer token", "Bearer abc"],
  ];
  for (const [what, authorization] of cases) {
    it(`refuses ${what} with 401 and a Basic challenge, storing nothing`, async () => {
      const res = await upload(h, "resume", uploadForm(pdfDocument("x"), "intruder"), authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toStartWith("Basic ");
      expect(await errorOf(res)).toMatchObject({ status: 401, code: "unauthorized" });
      expect(await filesIn("resume")).not.toContain("intruder.pdf");
    });
  }
});

describe("size limits", () => {
  it("accepts a file exactly at the group's limit", async () => {
    const pdf = pdfDocument("edge", 0);
    const exact = pdfDocument("edge", 4000 - pdf.length);
    expect(exact.length).toBe(4000);
    expect((await upload(h, "resume", uploadForm(exact, "exact"))).status).toBe(201);
  });

  it("refuses a file one byte over the limit with 413", async () => {
    const over = pdfDocument("edge", 4001 - pdfDocument("edge", 0).length);
    const res = await upload(h, "resume", uploadForm(over, "over"));
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ status: 413, code: "too_large", field: "resource" });
    expect(await filesIn("resume")).not.toContain("over.pdf");
  });

  it("refuses a large body by its Content-Length and a streamed body once it passes the limit", async () => {
    const big = pdfDocument("big", 200_000);
    expect((await upload(h, "resume", uploadForm(big, "big"))).status).toBe(413);

    // A chunked body has no Content-Length, so the server must count while reading.
    const form = new Response(uploadForm(big, "streamed"));
    const contentType = form.headers.get("content-type")!;
    const bytes = await bytesOf(form);
    const streamed = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 16_384) c.enqueue(bytes.subarray(i, i + 16_384));
        c.close();
      },
    });
    const res = await fetch(`${h.base}/upload/resume`, {
      method: "POST",
      body: streamed,
      headers: { authorization: basic(uploader.user, uploader.password), "content-type": contentType },
    });
    expect(res.status).toBe(413);
    expect(await filesIn("resume")).not.toContain("streamed.pdf");
  });

  it("applies each group's own limit (a 4001-byte PDF fits attachments)", async () => {
    const pdf = pdfDocument("edge", 4001 - pdfDocument("edge", 0).length);
    expect((await upload(h, "attachments", uploadForm(pdf, "fits"))).status).toBe(201);
  });
});

describe("no silent replacement", () => {
  it("answers 409 naming the file when the name is taken, and replaces it only with ?replace=true", async () => {
    const first = pdfDocument("first", 10);
    expect((await upload(h, "attachments", uploadForm(first, "taken"))).status).toBe(201);
    const again = await upload(h, "attachments", uploadForm(pdfDocument("second", 10), "taken"));
    expect(again.status).toBe(409);
    const body = (await again.json()) as any;
    expect(body.error).toMatchObject({ status: 409, code: "conflict", field: "filename" });
    expect(body.error.message).toContain("/static/attachments/taken.pdf already exists");
    const taken = () => readFile(join(h.dir, "attachments", "taken.pdf"));
    expect(Buffer.compare(await taken(), first)).toBe(0);

    const third = pdfDocument("third", 10);
    expect((await upload(h, "attachments", uploadForm(third, "taken"), undefined, "?replace=true")).status).toBe(201);
    expect(Buffer.compare(await taken(), third)).toBe(0);
    expect((await filesIn("attachments")).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("lets exactly one of many racing uploads of a new name win; the others get 409", async () => {
    const versions = Array.from({ length: 8 }, (_, i) => pdfDocument(`racer ${i}`, 100 + i * 150));
    const results = await Promise.all(versions.map((v) => upload(h, "attachments", uploadForm(v, "raced"))));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
    const winner = versions[results.findIndex((r) => r.status === 201)]!;
    expect(Buffer.compare(await readFile(join(h.dir, "attachments", "raced.pdf")), winner)).toBe(0);
  });
});

describe("atomic writes", () => {
  it("leaves exactly one complete file when many uploads of the same name race", async () => {
    const versions = Array.from({ length: 12 }, (_, i) => pdfDocument(`version ${i}`, 100 + i * 150));
    const replacing = (v: Uint8Array) =>
      upload(h, "attachments", uploadForm(v, "contested"), undefined, "?replace=true");
    const results = await Promise.all(versions.map(replacing));
    expect(results.map((r) => r.status)).toEqual(versions.map(() => 201));

    const onDisk = new Uint8Array(await readFile(join(h.dir, "attachments", "contested.pdf")));
    expect(versions.some((v) => v.length === onDisk.length && v.every((b, i) => b === onDisk[i]))).toBe(true);
    expect(await bytesOf(await fetch(`${h.base}/static/attachments/contested.pdf`))).toEqual(onDisk);
    const leftovers = (await filesIn("attachments")).filter(
      (f) => f.startsWith(".") || (f.includes("contested") && f !== "contested.pdf"),
    );
    expect(leftovers).toEqual([]);
  });

  it("never lets a reader see part of a file while it is being replaced", async () => {
    const versions = Array.from({ length: 6 }, (_, i) => pdfDocument(`big version ${i}`, 1_000_000 + i * 250_000));
    const placeholder = await bytesOf(await fetch(`${h.base}/static/attachments/watched.pdf`));
    const whole = (body: Uint8Array) =>
      [placeholder, ...versions].some((v) => v.length === body.length && v.every((b, i) => b === body[i]));
    let writing = true;
    const seen: boolean[] = [];
    const reader = (async () => {
      while (writing) seen.push(whole(await bytesOf(await fetch(`${h.base}/static/attachments/watched.pdf`))));
    })();
    const statuses: number[] = [];
    for (const _round of [1, 2]) {
      const replacing = (v: Uint8Array) =>
        upload(h, "attachments", uploadForm(v, "watched"), undefined, "?replace=true");
      const batch = await Promise.all(versions.map(replacing));
      statuses.push(...batch.map((r) => r.status));
    }
    writing = false;
    await reader;
    expect(statuses).toEqual(Array(12).fill(201));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
  });
});
