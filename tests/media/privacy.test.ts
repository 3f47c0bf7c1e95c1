// Private groups (resume, attachments by default): listing needs the upload credentials, downloading a link the API
// signed (HMAC over path and expiry, svc/runtime/mediaSignature.ts); icons and photos stay public.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { signMediaPath } from "../../svc/runtime/mediaSignature.ts";
import {
  basic,
  bytesOf,
  goodAuth,
  mediaTestKey,
  pdfDocument,
  startMedia,
  upload,
  uploadForm,
  type MediaHarness,
} from "./harness.ts";
import { defaultPrivateGroups } from "../../media/groups.ts";

let h: MediaHarness;
beforeAll(async () => {
  h = await startMedia({ MEDIA_PRIVATE_GROUPS: defaultPrivateGroups });
});
afterAll(() => h.stop());

const now = () => Math.floor(Date.now() / 1000);
const signed = (path: string, expires = now() + 300, key = mediaTestKey) =>
  `${h.base}${path}?${signMediaPath(key, path, expires)}`;

describe("private media", () => {
  const owner = crypto.randomUUID();
  const resume = pdfDocument("private resume");
  const path = `/static/resume/${owner}-cv.pdf`;
  beforeAll(async () => {
    expect((await upload(h, "resume", uploadForm(resume, `${owner}-cv`))).status).toBe(201);
  });

  it("serves a private file only with a valid, unexpired signature: 403 without, expired or altered", async () => {
    const ok = await fetch(signed(path));
    expect(ok.status).toBe(200);
    expect(await bytesOf(ok)).toEqual(resume);
    expect(ok.headers.get("cache-control")).toBe("private, no-cache");

    const refusals = {
      missing: await fetch(`${h.base}${path}`),
      expired: await fetch(signed(path, now() - 1)),
      altered: await fetch(signed(path).replace(/sig=([0-9a-f])/, (_, c) => `sig=${c === "0" ? "1" : "0"}`)),
      longer: await fetch(signed(path).replace(/expires=(\d+)/, (_, e) => `expires=${Number(e) + 3600}`)),
      otherKey: await fetch(signed(path, now() + 300, "not-the-key")),
      otherPath: await fetch(
        `${h.base}/static/resume/${crypto.randomUUID()}-cv.pdf?${signMediaPath(mediaTestKey, path, now() + 300)}`,
      ),
    };
    for (const [name, res] of Object.entries(refusals)) {
      expect([name, res.status]).toEqual([name, 403]);
      expect(((await res.json()) as any).error.code).toBe("forbidden");
    }
  });

  it("keeps placeholders working behind a signed link, and icons and photos public", async () => {
    const missing = await fetch(signed(`/static/attachments/${crypto.randomUUID()}-nothing.pdf`));
    expect(missing.status).toBe(200);
    expect(missing.headers.get("x-media-placeholder")).toBe("true");
    expect((await fetch(`${h.base}/static/attachments/${owner}-nothing.pdf`)).status).toBe(403);
    expect((await fetch(`${h.base}/static/photos/nobody.jpg`)).status).toBe(200);
    expect((await fetch(`${h.base}/static/icons/nobody.png`)).status).toBe(200);
  });

  it("lists private groups only with the upload credentials", async () => {
    for (const group of ["resume", "attachments"]) {
      expect((await fetch(`${h.base}/describe/${group}`)).status).toBe(401);
      expect((await fetch(`${h.base}/describe/${group}`, { headers: { authorization: basic("x", "y") } })).status).toBe(
        401,
      );
    }
    const listed = await fetch(`${h.base}/describe/resume`, { headers: { authorization: goodAuth() } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as any).files.map((f: { path: string }) => f.path)).toContain(path);
    expect((await fetch(`${h.base}/describe/photos`)).status).toBe(200);
  });

  it(
    "names private files after their owner: an upload whose filename does not start with a " + "user id is 400",
    async () => {
      const res = await upload(h, "attachments", uploadForm(pdfDocument("anon"), "report"));
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.field).toBe("filename");
    },
  );
});
