// Failed upload credentials are throttled like logins: counted per client address before they are checked, so
// parallel guesses get at most the allowed number of 401s and the rest 429 with Retry-After; a success clears it.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { basic, pdfDocument, startMedia, upload, uploader, uploadForm, type MediaHarness } from "./harness.ts";

let h: MediaHarness;
beforeAll(async () => {
  h = await startMedia({ MEDIA_AUTH_MAX_FAILURES: "3", MEDIA_AUTH_LOCK_SECONDS: "1" });
});
afterAll(() => h.stop());

describe("upload credentials under attack", () => {
  it(
    "gives 10 parallel wrong guesses exactly 3 401s and 7 429s, locks the address, then lets " + "the owner in",
    async () => {
      const guesses = Array.from({ length: 10 }, (_, i) =>
        upload(h, "attachments", uploadForm(pdfDocument(`g${i}`), `guess-${i}`), basic(uploader.user, `wrong-${i}`)),
      );
      const replies = await Promise.all(guesses);
      const statuses = replies.map((r) => r.status);
      expect({ 401: statuses.filter((s) => s === 401).length, 429: statuses.filter((s) => s === 429).length }).toEqual({
        401: 3,
        429: 7,
      });
      const refused = replies.find((r) => r.status === 429)!;
      const wait = Number(refused.headers.get("retry-after"));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as any).error.code).toBe("too_many_requests");

      // Locked: even the right credentials wait; after the lock they get in, and the count starts again.
      const form = () => uploadForm(pdfDocument("owner"), "owner-file");
      expect((await upload(h, "attachments", form())).status).toBe(429);
      await Bun.sleep(wait * 1000 + 100);
      expect((await upload(h, "attachments", form())).status).toBe(201);
      const again = await upload(h, "attachments", form(), basic(uploader.user, "one more mistake"));
      expect(again.status).toBe(401);
    },
  );
});
