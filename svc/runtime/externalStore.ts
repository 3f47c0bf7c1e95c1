// What a domain store kept outside PostgreSQL (MongoDB for users, Cassandra for jobs and contracts) shares.
// The runtime's own tables (request_log, outbox, control_overrides) stay in the service's PostgreSQL database, so
// such a store's writes are NOT inside the request's transaction: a redelivered request may find them done. Ids
// derived from the request id and conditional writes make that repeat harmless (see the README, "Domain stores").
import type { Sql } from "postgres";
import { env } from "./config.ts";

/**
 * A store opened once per replica: `bind` gives the store one request uses, with its PostgreSQL connection and its
 * request id, by which the store makes its writes idempotent (a redelivered request finds them done, not doubled).
 */
export interface ExternalStore<S> {
  /** What runs it, for logs and status: "mongo", "cassandra". */
  kind: string;
  bind(sql: Sql, requestId: string): S;
  close(): Promise<void>;
}

/** `<SERVICE>_STORE` (default postgres), one of `kinds`; anything else refuses to start. */
export function chosenStore<K extends string>(service: string, kinds: readonly K[]): K {
  const name = `${service.toUpperCase()}_STORE`;
  const value = env(name, "postgres").trim().toLowerCase();
  if (!(kinds as readonly string[]).includes(value))
    throw new Error(`${name} must be one of ${kinds.join(", ")}; got "${value}"`);
  return value as K;
}
