// What a command module is: plain data plus one function. The unit of hot swap (see commandMap.ts).
import type { TSchema, Static } from "@sinclair/typebox";
import type { Sql } from "postgres";
import type { Caller } from "./envelope.ts";
import { unauthorized } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { Cache } from "./cache.ts";
import type { RpcClient } from "./rpc.ts";
import type { Outbox } from "./outbox.ts";

export interface CommandContext<S = unknown> {
  service: string;
  caller: Caller | null;
  requestId: string;
  traceId: string;
  log: Logger;
  /** The service's store, bound to the current transaction for write commands. */
  store: S;
  /** The connection (pool, or the transaction of a write command). */
  sql: Sql;
  cache: Cache;
  rpc: RpcClient;
  /** Messages to other services that must not be lost: written in this transaction, delivered until acknowledged. */
  outbox: Outbox;
}

export interface CommandModule<S = any, I extends TSchema = TSchema> {
  name: string;
  input?: I;
  /** Runs in one database transaction, deduplicated by request id / Idempotency-Key. */
  write?: boolean;
  /** Only other services may call it; a request that came through the gateway is refused. */
  internal?: boolean;
  run(ctx: CommandContext<S>, input: Static<I>): Promise<unknown>;
}

/** Each service binds its store type once: `export const command = commandFor<JobsStore>()`. */
export const commandFor = <S>() => <I extends TSchema>(c: CommandModule<S, I>) => c;

/** The caller, or 401 when the command needs one and there is none. */
export function requireCaller(ctx: { caller: Caller | null }): Caller {
  if (!ctx.caller) throw unauthorized();
  return ctx.caller;
}
