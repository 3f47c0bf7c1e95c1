// Decide a file's type from its first bytes, never from the name or the client's Content-Type.
import type { MediaKind } from "./groups.ts";

export interface Sniffed {
  mime: string;
  /** Set when the server can store this type in some group. */
  kind?: MediaKind;
}

interface Signature {
  mime: string;
  kind?: MediaKind;
  offset: number;
  bytes: number[];
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const signatures: Signature[] = [
  { mime: "image/png", kind: "png", offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: "image/jpeg", kind: "jpeg", offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { mime: "application/pdf", kind: "pdf", offset: 0, bytes: ascii("%PDF-") },
  // Recognised but never stored: listed so the error can say what the file really is.
  { mime: "image/gif", offset: 0, bytes: ascii("GIF8") },
  { mime: "image/webp", offset: 8, bytes: ascii("WEBP") },
  { mime: "image/bmp", offset: 0, bytes: ascii("BM") },
  { mime: "image/tiff", offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mime: "image/tiff", offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { mime: "video/mp4", offset: 4, bytes: ascii("ftyp") },
  { mime: "application/zip", offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
];

const matches = (head: Uint8Array, s: Signature) =>
  head.length >= s.offset + s.bytes.length && s.bytes.every((b, i) => head[s.offset + i] === b);

export function sniff(head: Uint8Array): Sniffed | undefined {
  const hit = signatures.find((s) => matches(head, s));
  return hit && (hit.kind ? { mime: hit.mime, kind: hit.kind } : { mime: hit.mime });
}

/** A PDF that was cut short has no end-of-file marker near its end. */
export function hasPdfTrailer(bytes: Uint8Array): boolean {
  const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes("%%EOF");
}
