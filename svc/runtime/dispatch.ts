// Runs one request against the command map: lookup, validation, transaction + deduplication for writes,
// cache invalidation after commit. Always resolves with a reply; unexpected errors are rethrown as such.
import type { Sql } from "postgres";
import { AppError, isConnectionError, unavailable } from "./errors.ts";
import { okReply, errorReply, type Reply, type RequestMeta } from "./envelope.ts";
import type { CommandMap } from "./commandMap.ts";
import type { CommandContext } from "./command.ts";
import { DeferredCache, type RedisCache } from "./cache.ts";
import type { RpcClient } from "./rpc.ts";
import type { Logger } from "./log.ts";
import { runOnce, storedReply } from "./requestLog.ts";
import { nestedCall } from "./nestedCall.ts";
import { noOutbox, outboxFor } from "./outbox.ts";
import type { Announce } from "./announcements.ts";

export interface DispatchDeps {
  service: string;
  commands: CommandMap;
  sql: () => Sql;
  /** The store bound to a request: its connection and its request id (external stores dedupe writes by it). */
  store: (sql: Sql, requestId: string) => unknown;
  /** The service's settings (ctx.config). */
  config: unknown;
  cache: RedisCache;
  rpc: RpcClient;
  log: Logger;
  pokeOutbox: () => void;
  /** Publishes an announcement after the commit (ctx.announce); without it (unit tests) they are dropped. */
  announce?: Announce;
  /** A query on this pool failed with a broken connection: recover the database (see Database.connectionLost). */
  connectionLost?: (pool: Sql) => void;
  /** True while the database is known to be unreachable: answer 503 at once. */
  databaseDown?: () => boolean;
}

/** Thrown for failures that are not the client's fault and not a known outage: the worker may retry them. */
export class UnexpectedError extends Error {
  constructor(readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}

export async function dispatch(deps: DispatchDeps, meta: RequestMeta, body: unknown): Promise<Reply> {
  const entry = deps.commands.get(meta.command);
  if (!entry) {
    const known = deps.commands.knows(meta.command);
    return errorReply(
      new AppError(
        "unknown_command",
        known
          ? `The ${meta.command} command of the ${deps.service} service is disabled`
          : `The ${deps.service} service has no command ${meta.command}`,
      ),
    );
  }
  const { module } = entry; // this request keeps this version even if the command is swapped meanwhile
  if (module.internal && meta.origin === "gateway") return errorReply(new AppError("not_found", "No such route"));
  if (deps.databaseDown?.()) return errorReply(unavailable("The database is unavailable; try again shortly"));
  const pool = deps.sql();
  const announce: Announce = deps.announce ?? (() => {});
  try {
    const input = entry.validate(body);
    const log = deps.log.child({ requestId: meta.requestId, command: meta.command });
    const base = {
      service: deps.service,
      config: deps.config,
      caller: meta.caller,
      requestId: meta.requestId,
      traceId: meta.traceId,
      log,
      call: nestedCall(deps.rpc, meta),
    };
    const outside = (): CommandContext => ({
      ...base,
      sql: pool,
      store: deps.store(pool, meta.requestId),
      cache: deps.cache,
      outbox: noOutbox,
      announce,
    });
    if (!module.write) return okReply(await module.run(outside(), input));
    const fingerprint = fingerprintOf(meta.command, body);
    let prepared: unknown;
    if (module.prepare) {
      const stored = await storedReply(pool, meta.idempotencyKey, fingerprint);
      if (stored) return stored;
      prepared = await module.prepare(outside(), input);
    }
    // What the attempt that commits leaves to do after its commit (a retried or duplicate attempt's is dropped).
    let after: Attempt | undefined;
    const { reply, fresh } = await runOnce(pool, meta.idempotencyKey, meta.command, fingerprint, async (tx) => {
      const attempt = (after = newAttempt(deps.cache));
      const sql = tx as unknown as Sql;
      const outbox = outboxFor(sql, () => {
        attempt.poke = true;
      });
      const store = deps.store(sql, meta.requestId);
      const later: Announce = (topic, payload) => void attempt.announcements.push([topic, payload]);
      const ctx: CommandContext = { ...base, sql, store, cache: attempt.cache, outbox, announce: later };
      // Domain errors roll the transaction back too, so a retry starts clean.
      const answer = okReply(await module.run(ctx, input, prepared));
      const keys = attempt.cache.pending;
      return keys.length ? { ...answer, invalidates: [...new Set(keys)] } : answer;
    });
    if (!fresh || !after) return reply; // a fresh reply always comes from an attempt
    await after.cache.flush();
    for (const [topic, payload] of after.announcements) announce(topic, payload);
    if (after.poke) deps.pokeOutbox();
    return reply;
  } catch (err) {
    if (err instanceof AppError) return errorReply(err);
    if (isConnectionError(err)) {
      deps.connectionLost?.(pool);
      deps.log.warn("dependency unavailable", { command: meta.command, err: (err as Error).message });
      return errorReply(unavailable("A backing service is unavailable; try again shortly"));
    }
    throw new UnexpectedError(err);
  }
}

interface Attempt {
  cache: DeferredCache;
  announcements: Array<Parameters<Announce>>;
  poke: boolean;
}

const newAttempt = (cache: RedisCache): Attempt => ({
  cache: new DeferredCache(cache),
  announcements: [],
  poke: false,
});

const fingerprintOf = (command: string, body: unknown) =>
  new Bun.CryptoHasher("sha256")
    .update(command)
    .update(JSON.stringify(body ?? null))
    .digest("hex")
    .slice(0, 32);
