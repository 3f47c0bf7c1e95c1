// What a command module is: plain data plus one function. The unit of hot swap (see commandMap.ts).
import type { Announce } from "./announcements.ts";
import type { TSchema, Static } from "@sinclair/typebox";
import type { Sql } from "postgres";
import type { Caller, Role } from "./envelope.ts";
import { forbidden, unauthorized } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { Cache } from "./cache.ts";
import type { NestedCall } from "./nestedCall.ts";
import type { Outbox } from "./outbox.ts";

export interface CommandContext<S = unknown, C = unknown> {
  service: string;
  /** The service's settings, read from the environment once at start-up (a command never reads it itself). */
  config: C;
  caller: Caller | null;
  requestId: string;
  traceId: string;
  log: Logger;
  /** The service's store, bound to the current transaction for write commands. */
  store: S;
  /** The connection (pool, or the transaction of a write command). */
  sql: Sql;
  cache: Cache;
  /** Ask another service: `ctx.call(contractsCommands.initiateContract, input)`, within this request's deadline. */
  call: NestedCall;
  /** Messages to other services that must not be lost: written in this transaction, delivered until acknowledged. */
  outbox: Outbox;
  /** Tell every listener of a topic (svc/runtime/announcements.ts); a write command's go out after its commit. */
  announce: Announce;
}

export interface CommandModule<S = any, I extends TSchema = TSchema, C = any> {
  name: string;
  input?: I;
  /** Runs in one database transaction, deduplicated by request id / Idempotency-Key. */
  write?: boolean;
  /** Only other services may call it; a request that came through the gateway is refused. */
  internal?: boolean;
  /**
   * A write command's first step, outside its transaction (no row lock or pooled connection held): what it returns
   * is `run`'s third argument. A request whose reply is already stored skips it. For calls to other services.
   */
  prepare?(ctx: CommandContext<S, C>, input: Static<I>): Promise<unknown>;
  run(ctx: CommandContext<S, C>, input: Static<I>, prepared?: any): Promise<unknown>;
}

/** Each service binds its store (and settings) type once: `export const command = commandFor<JobsStore>()`. */
export const commandFor =
  <S, C = unknown>() =>
  <I extends TSchema>(c: CommandModule<S, I, C>) =>
    c;

const article = (role: Role) => (role === "ADMIN" ? "an admin" : `a ${role.toLowerCase()}`);

/**
 * The caller, who must hold one of `roles` (any role when none is given) and, given `owner`, be that user:
 * 401 without a caller, 403 otherwise. The gateway checks roles too; services may be called directly.
 */
export function requireRole(
  ctx: { caller: Caller | null },
  roles: Role | readonly Role[] = [],
  owner?: { id: string; what: string },
): Caller {
  if (!ctx.caller) throw unauthorized();
  const allowed = typeof roles === "string" ? [roles] : roles;
  if (allowed.length && !allowed.includes(ctx.caller.role)) {
    throw forbidden(`Only ${allowed.map(article).join(" or ")} can do this`);
  }
  if (owner && ctx.caller.id !== owner.id) throw forbidden(`Only ${owner.what} can do this`);
  return ctx.caller;
}
