// What a domain store kept outside PostgreSQL (MongoDB for users, Cassandra for jobs and contracts) shares.
// The runtime's own tables (request_log, outbox, control_overrides) stay in the service's PostgreSQL database, so
// such a store's writes are NOT inside the request's transaction: a redelivered request may find them done. Ids
// derived from the request id and conditional writes make that repeat harmless (see the README, "Domain stores").
import type { Sql } from "postgres";
import { env } from "./config.ts";

/** A store opened once per replica: `bind` gives the store a request uses (with its PostgreSQL connection). */
export interface ExternalStore<S> {
  /** What runs it, for logs and status: "mongo", "cassandra". */
  kind: string;
  bind(sql: Sql): S;
  close(): Promise<void>;
}

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

/** `<SERVICE>_STORE` (default postgres), one of `kinds`; anything else refuses to start. */
export function chosenStore<K extends string>(service: string, kinds: readonly K[]): K {
  const name = `${service.toUpperCase()}_STORE`;
  const value = env(name, "postgres").trim().toLowerCase();
  if (!(kinds as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${kinds.join(", ")}; got "${value}"`);
  return value as K;
}
