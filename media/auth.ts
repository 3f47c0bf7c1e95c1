// HTTP Basic auth for uploads (and listing private groups). Both parts are compared in constant time (as SHA-256
// digests, so lengths never leak); attempts are throttled per client address (media/authThrottle.ts).
import { createHash, timingSafeEqual } from "node:crypto";
import { MediaError } from "./errors.ts";
import type { AuthThrottle } from "./authThrottle.ts";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function createBasicAuth(user: string, password: string, throttle: AuthThrottle) {
  const expectedUser = digest(user);
  const expectedPassword = digest(password);
  const challenge = { "www-authenticate": 'Basic realm="workup media upload", charset="UTF-8"' };
  const refuse = (message: string) => new MediaError("unauthorized", message, undefined, challenge);

  /** Throws 401 unless the request carries the upload credentials; 429 while its address is locked. */
  return function requireUploader(req: Request, client: string): void {
    const wait = throttle.attempt(client);
    if (wait > 0) {
      const message = `Too many failed attempts; try again in ${wait} s`;
      throw new MediaError("too_many_requests", message, undefined, { "retry-after": String(wait) });
    }
    const header = req.headers.get("authorization") ?? "";
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) throw refuse("Upload requires HTTP Basic credentials");
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const givenUser = colon < 0 ? decoded : decoded.slice(0, colon);
    const givenPassword = colon < 0 ? "" : decoded.slice(colon + 1);
    // Evaluate both comparisons before deciding, so a wrong user and a wrong password take the same time.
    const userOk = timingSafeEqual(digest(givenUser), expectedUser);
    const passwordOk = timingSafeEqual(digest(givenPassword), expectedPassword);
    if (!(userOk && passwordOk)) throw refuse("Wrong upload credentials");
    throttle.succeeded(client);
  };
}
