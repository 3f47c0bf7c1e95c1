// GET/HEAD /static/<group>/<name>.<ext>: stored files, placeholders for every group, validators, 304s and ranges.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bytesOf, type ErrorBody, jsonOf, type MediaHarness, pdfDocument, startMedia } from "./harness.ts";

let h: MediaHarness;
const defaults = join(import.meta.dir, "../../media/defaults");

beforeAll(async () => {
  h = await startMedia();
});
afterAll(async () => {
  await h.stop();
});

describe("placeholders", () => {
  const cases = [
    { path: "/static/icons/nobody.png", file: "icon.png", type: "image/png" },
    { path: "/static/photos/nobody.jpg", file: "photo.jpg", type: "image/jpeg" },
    { path: "/static/photos/nobody.png", file: "photo.png", type: "image/png" },
    { path: "/static/resume/nobody.pdf", file: "document.pdf", type: "application/pdf" },
    { path: "/static/attachments/nobody.pdf", file: "document.pdf", type: "application/pdf" },
  ];
  for (const c of cases) {
    it(`serves the committed placeholder for a missing ${c.path}`, async () => {
      const res = await fetch(h.base + c.path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(c.type);
      expect(res.headers.get("x-media-placeholder")).toBe("true");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await bytesOf(res)).toEqual(new Uint8Array(await readFile(join(defaults, c.file))));
    });
  }

  it("accepts .jpeg as an alias of .jpg for photos", async () => {
    const res = await fetch(`${h.base}/static/photos/nobody.jpeg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
  });
});

describe("stored files", () => {
  const pdf = pdfDocument("stored resume", 300);
  beforeAll(async () => {
    await writeFile(join(h.dir, "resume", "alice.pdf"), pdf);
  });

  it("serves the file's bytes with type, validators and a cache lifetime", async () => {
    const res = await fetch(`${h.base}/static/resume/alice.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-length")).toBe(String(pdf.length));
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-z]+-[0-9a-z]+-[0-9a-z]+"$/);
    expect(Date.parse(res.headers.get("last-modified")!)).not.toBeNaN();
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("x-media-placeholder")).toBeNull();
    expect(await bytesOf(res)).toEqual(pdf);
  });

  it("lower-cases the requested name, as the original did", async () => {
    const res = await fetch(`${h.base}/static/resume/ALICE.PDF`);
    expect(res.headers.get("x-media-placeholder")).toBeNull();
    expect(await bytesOf(res)).toEqual(pdf);
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await fetch(`${h.base}/static/resume/alice.pdf`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(pdf.length));
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect((await bytesOf(res)).length).toBe(0);
  });

  it("answers 304 to a matching If-None-Match and to a current If-Modified-Since", async () => {
    const first = await fetch(`${h.base}/static/resume/alice.pdf`);
    const etag = first.headers.get("etag")!;
    const byTag = await fetch(`${h.base}/static/resume/alice.pdf`, {
      headers: { "if-none-match": `"other", ${etag}` },
    });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get("etag")).toBe(etag);
    expect((await bytesOf(byTag)).length).toBe(0);
    const byDate = await fetch(`${h.base}/static/resume/alice.pdf`, {
      headers: { "if-modified-since": first.headers.get("last-modified")! },
    });
    expect(byDate.status).toBe(304);
    const stale = await fetch(`${h.base}/static/resume/alice.pdf`, { headers: { "if-none-match": '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect(await bytesOf(stale)).toEqual(pdf);
  });

  it("gives a replaced file a new ETag, so a cached copy is refreshed", async () => {
    const path = join(h.dir, "resume", "bob.pdf");
    await writeFile(path, pdfDocument("first", 10));
    const etag = (await fetch(`${h.base}/static/resume/bob.pdf`)).headers.get("etag")!;
    const second = pdfDocument("second", 10); // same size on purpose
    await writeFile(path + ".new", second);
    await rename(path + ".new", path);
    const res = await fetch(`${h.base}/static/resume/bob.pdf`, { headers: { "if-none-match": etag } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).not.toBe(etag);
    expect(await bytesOf(res)).toEqual(second);
  });

  it("revalidates a placeholder into the real file once it exists", async () => {
    const placeholder = await fetch(`${h.base}/static/attachments/later.pdf`);
    const etag = placeholder.headers.get("etag")!;
    expect((await fetch(`${h.base}/static/attachments/later.pdf`, { headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
    const real = pdfDocument("arrived");
    await writeFile(join(h.dir, "attachments", "later.pdf"), real);
    const res = await fetch(`${h.base}/static/attachments/later.pdf`, { headers: { "if-none-match": etag } });
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(real);
  });
});

describe("byte ranges", () => {
  const pdf = pdfDocument("ranged", 1000);
  const get = (range: string, extra: Record<string, string> = {}) =>
    fetch(`${h.base}/static/attachments/ranged.pdf`, { headers: { range, ...extra } });
  beforeAll(async () => {
    await writeFile(join(h.dir, "attachments", "ranged.pdf"), pdf);
  });

  it("serves bytes=a-b as 206 with Content-Range", async () => {
    const res = await get("bytes=100-199");
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 100-199/${pdf.length}`);
    expect(res.headers.get("content-length")).toBe("100");
    expect(await bytesOf(res)).toEqual(pdf.subarray(100, 200));
  });

  it("serves open-ended and suffix ranges", async () => {
    const open = await get("bytes=1000-");
    expect(open.status).toBe(206);
    expect(await bytesOf(open)).toEqual(pdf.subarray(1000));
    const suffix = await get("bytes=-6");
    expect(suffix.headers.get("content-range")).toBe(`bytes ${pdf.length - 6}-${pdf.length - 1}/${pdf.length}`);
    expect(new TextDecoder().decode(await bytesOf(suffix))).toBe("%%EOF\n");
  });

  it("clamps an end past the file and refuses a start past it with 416", async () => {
    const clamped = await get(`bytes=${pdf.length - 3}-999999`);
    expect(clamped.status).toBe(206);
    expect(await bytesOf(clamped)).toEqual(pdf.subarray(pdf.length - 3));
    const beyond = await get(`bytes=${pdf.length}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${pdf.length}`);
  });

  it("sends the whole file when If-Range names another version, and a range when it matches", async () => {
    const etag = (await fetch(`${h.base}/static/attachments/ranged.pdf`, { method: "HEAD" })).headers.get("etag")!;
    const stale = await get("bytes=0-9", { "if-range": '"old-version"' });
    expect(stale.status).toBe(200);
    expect(await bytesOf(stale)).toEqual(pdf);
    const current = await get("bytes=0-9", { "if-range": etag });
    expect(current.status).toBe(206);
    expect(await bytesOf(current)).toEqual(pdf.subarray(0, 10));
  });

  it("ignores multiple ranges and answers with the whole file", async () => {
    const res = await get("bytes=0-1,5-6");
    expect(res.status).toBe(200);
    expect(await bytesOf(res)).toEqual(pdf);
  });
});

describe("large files", () => {
  // Over the 4 MiB buffering threshold, bodies stream from the descriptor opened for the request.
  const big = pdfDocument("large", 6 * 1024 * 1024);
  const path = () => join(h.dir, "attachments", "large.pdf");
  beforeAll(async () => {
    await writeFile(path(), big);
  });

  it("streams a large file whole and serves a large range exactly", async () => {
    expect(await bytesOf(await fetch(`${h.base}/static/attachments/large.pdf`))).toEqual(big);
    const res = await fetch(`${h.base}/static/attachments/large.pdf`, { headers: { range: "bytes=100-5000099" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 100-5000099/${big.length}`);
    expect(await bytesOf(res)).toEqual(big.subarray(100, 5000100));
  });

  it("finishes sending the version it started with when the file is replaced mid-response", async () => {
    const res = await fetch(`${h.base}/static/attachments/large.pdf`);
    const etag = res.headers.get("etag");
    const replacement = pdfDocument("replacement", 5 * 1024 * 1024);
    await writeFile(path() + ".new", replacement);
    await rename(path() + ".new", path());
    expect(await bytesOf(res)).toEqual(big);
    const after = await fetch(`${h.base}/static/attachments/large.pdf`);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(await bytesOf(after)).toEqual(replacement);
  });
});

describe("unknown things", () => {
  it("answers 404 with a JSON error for an unknown group", async () => {
    const res = await fetch(`${h.base}/static/banners/x.png`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { status: 404, code: "not_found", message: expect.stringContaining("banners") },
    });
  });

  it("answers 404 for an extension the group does not serve", async () => {
    const res = await fetch(`${h.base}/static/resume/x.png`);
    expect(res.status).toBe(404);
    expect((await jsonOf<ErrorBody>(res)).error.message).toContain(".pdf");
  });

  it("answers 405 with Allow for a write to a static path", async () => {
    const res = await fetch(`${h.base}/static/icons/x.png`, { method: "PUT", body: "x" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});
