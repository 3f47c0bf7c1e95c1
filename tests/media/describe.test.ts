// GET /describe and /describe/<group>: the groups from the one config, and each group's files with size and type.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type GroupBody,
  jpegImage,
  jsonOf,
  type MediaHarness,
  pdfDocument,
  pngImage,
  startMedia,
  upload,
  uploadForm,
} from "./harness.ts";

let h: MediaHarness;

beforeAll(async () => {
  h = await startMedia({ MEDIA_MAX_BYTES_ATTACHMENTS: "12345" });
});
afterAll(async () => {
  await h.stop();
});

describe("GET /describe", () => {
  it("lists every configured group", async () => {
    const res = await fetch(`${h.base}/describe`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect(await res.json()).toEqual({
      success: true,
      path: "/static/",
      groups: ["icons", "photos", "resume", "attachments"],
    });
  });
});

describe("GET /describe/<group>", () => {
  it("creates the group folders at start, so an empty group lists no files", async () => {
    const body = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/icons`));
    expect(body).toEqual({
      success: true,
      path: "/static/icons/",
      mimeType: "image/png",
      mimeTypes: ["image/png"],
      maxBytes: 1024 * 1024,
      imageSize: { width: 64, height: 64 },
      files: [],
    });
  });

  it("lists uploaded files with size, mime type and path, sorted by name", async () => {
    const pdf = pdfDocument("zeta", 40);
    await upload(h, "attachments", uploadForm(pdf, "zeta"));
    await upload(h, "attachments", uploadForm(pdfDocument("alpha"), "alpha"));
    const body = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/attachments`));
    expect(body.maxBytes).toBe(12345);
    expect(body.files.map((f) => f.name)).toEqual(["alpha.pdf", "zeta.pdf"]);
    expect(body.files[1]).toEqual({
      name: "zeta.pdf",
      path: "/static/attachments/zeta.pdf",
      size: pdf.length,
      mimeType: "application/pdf",
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("reports each photo's own type when a group holds JPEG and PNG", async () => {
    await upload(h, "photos", uploadForm(await jpegImage(30, 30), "a"));
    await upload(h, "photos", uploadForm(await pngImage(30, 30), "b"));
    const body = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/photos`));
    expect(body.files.map((f) => [f.name, f.mimeType])).toEqual([
      ["a.jpg", "image/jpeg"],
      ["b.png", "image/png"],
    ]);
    expect(body.files.every((f) => f.size > 0)).toBe(true);
  });

  it("skips hidden files, folders and files of another type placed in the folder", async () => {
    await writeFile(join(h.dir, "resume", ".upload-123.tmp"), "partial");
    await writeFile(join(h.dir, "resume", "notes.txt"), "hello");
    await mkdir(join(h.dir, "resume", "sub.pdf"));
    await writeFile(join(h.dir, "resume", "kept.pdf"), pdfDocument("kept"));
    const body = await jsonOf<GroupBody>(await fetch(`${h.base}/describe/resume`));
    expect(body.files.map((f) => f.name)).toEqual(["kept.pdf"]);
  });

  it("answers 404 with a JSON error for an unknown group", async () => {
    const res = await fetch(`${h.base}/describe/exec`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { status: 404, code: "not_found", message: 'Unknown resource group "exec"; GET /describe lists them' },
    });
  });
});
