// Ids derived from a request id: the same request (redelivered, retried) always names the same thing.
const idNamespace = Buffer.from("3f0c9a52e1b44d8e9c6a7b2d5f1e8a40", "hex");

/**
 * A UUID (RFC 4122 version 5, SHA-1) derived from its parts: the same request id and purpose always give the same
 * id, so a redelivered request writes the same rows again instead of new ones.
 */
export function derivedId(...parts: string[]): string {
  const hash = new Bun.CryptoHasher("sha1").update(idNamespace).update(parts.join("\u001f")).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
