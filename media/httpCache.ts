// Validators, conditional requests (RFC 9110 §13) and single byte ranges (§14) for files on disk.
import type { Stats } from "node:fs";

/** Inode, size and mtime: an upload renames a new inode into place, so a replaced file always gets a new tag. */
export const etagOf = (s: Stats) =>
  `"${s.ino.toString(36)}-${s.size.toString(36)}-${Math.floor(s.mtimeMs).toString(36)}"`;

const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** True when the client's copy is current and a 304 is due. If-None-Match wins over If-Modified-Since. */
export function isNotModified(req: Request, etag: string, modified: Date): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm !== null) return inm.trim() === "*" || inm.split(",").some((t) => opaque(t) === opaque(etag));
  const ims = req.headers.get("if-modified-since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && seconds(modified) <= Math.floor(since / 1000);
}

export type RangeDecision =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/** If-Range must name this exact representation (strong ETag or exact date), otherwise the whole file is sent. */
function ifRangeHolds(req: Request, etag: string, modified: Date): boolean {
  const ifRange = req.headers.get("if-range");
  if (ifRange === null) return true;
  const v = ifRange.trim();
  if (v.startsWith('"')) return v === etag;
  if (v.startsWith("W/")) return false;
  const date = Date.parse(v);
  return !Number.isNaN(date) && Math.floor(date / 1000) === seconds(modified);
}

/**
 * One range of `bytes=a-b`, `bytes=a-` or `bytes=-n`. Several ranges or bad syntax are ignored (a full 200 is allowed).
 */
export function decideRange(req: Request, size: number, etag: string, modified: Date): RangeDecision {
  const header = req.headers.get("range");
  if (header === null || !ifRangeHolds(req, etag, modified)) return { kind: "full" };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "full" };
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end };
}
