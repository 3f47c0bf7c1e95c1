// Signed links to private media (resumes, attachments), as S3 presigned URLs: the gateway appends
// `?expires=<unix seconds>&sig=<hex HMAC-SHA256 over "<path>\n<expires>">` with MEDIA_SIGNING_KEY, and the media
// server serves the path only while the signature matches and has not expired. Shared by gw/ and media/.
import { createHmac, timingSafeEqual } from "node:crypto";

/** The development key; anything but WORKUP_ENV=development must set its own (MEDIA_SIGNING_KEY or _FILE). */
export const devMediaSigningKey = "workup-dev-media-signing-key-change-me";

const signatureOf = (key: string, path: string, expires: number) =>
  createHmac("sha256", key).update(`${path}\n${expires}`).digest("hex");

/** The query string that lets a client download `path` until `expires` (unix seconds). */
export function signMediaPath(key: string, path: string, expires: number): string {
  return `expires=${expires}&sig=${signatureOf(key, path, expires)}`;
}

export type SignatureCheck = "valid" | "missing" | "expired" | "altered";

export function checkMediaSignature(
  key: string,
  path: string,
  query: URLSearchParams,
  nowSeconds: number,
): SignatureCheck {
  const expires = query.get("expires");
  const sig = query.get("sig");
  if (expires === null || sig === null) return "missing";
  if (!/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return "altered";
  const expected = Buffer.from(signatureOf(key, path, Number(expires)), "hex");
  if (!timingSafeEqual(expected, Buffer.from(sig, "hex"))) return "altered";
  return Number(expires) < nowSeconds ? "expired" : "valid";
}
