// What the runtime's unit tests share: a fresh database with the runtime's tables, a command map built from plain
// objects, and dispatch's dependencies around them (the real PostgreSQL and Redis; the in-memory broker).
import postgres, { type Sql } from "postgres";
import { ensureDatabase } from "../../svc/runtime/db.ts";
import { infrastructure } from "../../svc/runtime/config.ts";
import { CommandMap } from "../../svc/runtime/commandMap.ts";
import type { CommandModule } from "../../svc/runtime/command.ts";
import { RedisCache } from "../../svc/runtime/cache.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { createRpcClient } from "../../svc/runtime/rpc.ts";
import { createMemoryBroker, MemoryServer } from "../../svc/runtime/memoryBroker.ts";
import type { DispatchDeps } from "../../svc/runtime/dispatch.ts";
import type { RequestMeta } from "../../svc/runtime/envelope.ts";
import { newNamespace } from "../support/stack.ts";

export const quiet = createLogger({ test: "runtime" }, { level: "off" });

export async function freshRuntimeDatabase(): Promise<{ sql: Sql; drop(): Promise<void> }> {
  const ns = newNamespace();
  const url = new URL(infrastructure().pgUrl);
  url.pathname = `/${ns}_unit`;
  await ensureDatabase(url.toString());
  const sql = postgres(url.toString(), { max: 5, onnotice: () => {} });
  await sql.unsafe(await Bun.file(new URL("../../svc/runtime/schema.sql", import.meta.url)).text());
  return {
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const admin = postgres(infrastructure().pgUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${ns}_unit" with (force)`).finally(() => admin.end({ timeout: 5 }));
    },
  };
}

/** A command map serving these modules (as patches: no folder needed). */
export function commandMapOf(modules: CommandModule[]): CommandMap {
  const map = new CommandMap("/nonexistent");
  for (const m of modules) map.replace(m, `v-${m.name}`);
  return map;
}

export function dispatchDeps(
  sql: Sql,
  commands: CommandMap,
  server = new MemoryServer(),
): DispatchDeps & { close(): Promise<void> } {
  const cache = new RedisCache(infrastructure().redisUrl, `${newNamespace()}:unit:`, quiet);
  const broker = createMemoryBroker(server);
  const rpc = createRpcClient(broker, quiet, { timeoutMs: 2000, origin: "service" });
  return {
    service: "unit",
    commands,
    sql: () => sql,
    store: () => ({}),
    config: {},
    cache,
    rpc,
    log: quiet,
    pokeOutbox: () => {},
    async close() {
      await cache.release();
      await broker.close();
    },
  };
}

export const meta = (command: string, extra: Partial<RequestMeta> = {}): RequestMeta => {
  const requestId = crypto.randomUUID();
  return {
    command,
    requestId,
    idempotencyKey: requestId,
    caller: { id: "u-1", role: "CLIENT" },
    traceId: requestId,
    deadline: Date.now() + 5000,
    origin: "service",
    attempt: 1,
    ...extra,
  };
};
