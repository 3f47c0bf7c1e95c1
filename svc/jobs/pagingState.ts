// The search paging contract of the original: an opaque pagingState string, null on the last page.
// Inside it is the keyset of the last job shown (rank, creation time, id) as base64url JSON.
import { invalid } from "../runtime/errors.ts";
import type { SearchCursor } from "./store.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const microIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const encodePagingState = (c: SearchCursor): string =>
  Buffer.from(JSON.stringify([c.rank, c.at, c.id])).toString("base64url");

/** The cursor inside a pagingState; anything that is not one we issued is the client's 400. */
export function decodePagingState(state: string): SearchCursor {
  const bad = () => invalid("pagingState is not a value this API returned", "pagingState");
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(state)) throw bad();
    parsed = JSON.parse(Buffer.from(state, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [rank, at, id] = parsed as unknown[];
  // ranks are PostgreSQL reals: keep to a range that converts back without overflow or underflow
  if (typeof rank !== "number" || !(rank === 0 || (rank >= 1e-30 && rank <= 1e30))) throw bad();
  if (typeof at !== "string" || !microIso.test(at) || !sameInstant(at)) throw bad();
  if (typeof id !== "string" || !uuid.test(id)) throw bad();
  return { rank, at, id };
}

/** Refuses days and times that do not exist (2024-02-31), which PostgreSQL would reject with an error. */
function sameInstant(at: string): boolean {
  const ms = Date.parse(at);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === at.slice(0, 19);
}
