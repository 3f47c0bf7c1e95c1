// Hand-made JWTs for attacking the gateway: real HMAC signatures, any header and claims.
import { createHmac } from "node:crypto";

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

export function craftToken(
  claims: Record<string, unknown>,
  opts: { secret?: string; alg?: string; signature?: string } = {},
): string {
  const header = b64url(JSON.stringify({ alg: opts.alg ?? "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify(claims));
  if (opts.signature !== undefined) return `${header}.${payload}.${opts.signature}`;
  const sig = createHmac("sha256", opts.secret ?? "")
    .update(`${header}.${payload}`)
    .digest("base64url");
  return `${header}.${payload}.${sig}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
