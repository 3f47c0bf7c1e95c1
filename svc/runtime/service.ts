// Starts one service replica: database and schema, cache, broker, command map, control plane (and the stored
// overrides, applied before consuming), worker, metrics, outbox relay; stops it gracefully on SIGTERM/SIGINT
// (stop consuming, finish in-flight, close).
import { createAnnouncer, edgeTopic, everyKey, invalidationReplaySeconds } from "./announcements.ts";
import { recentInvalidations } from "./requestLog.ts";
import { holdMemoryTarget } from "./memoryTarget.ts";
import { hostname } from "node:os";
import type { Sql } from "postgres";
import { baseConfig, envInt, serviceDatabaseUrl, type BaseConfig } from "./config.ts";
import { createLogger, type Logger } from "./log.ts";
import { createBroker, type Broker } from "./amqp.ts";
import { amqpUrlFor, ensureVhost } from "./vhost.ts";
import { Database, ensureDatabase } from "./db.ts";
import { RedisCache } from "./cache.ts";
import { CommandMap } from "./commandMap.ts";
import { createRpcClient } from "./rpc.ts";
import { Worker } from "./worker.ts";
import { serviceMetrics, serveMetrics } from "./metrics.ts";
import { startRelay } from "./outbox.ts";
import { startControlPlane } from "./control/plane.ts";
import { controlOps } from "./control/ops.ts";
import { overrideStore } from "./control/overrides.ts";
import { applyOverrides } from "./control/restore.ts";
import { replicaState, type Replica } from "./replica.ts";
import type { ExternalStore } from "./externalStore.ts";
import { stopWithParent } from "./parentWatch.ts";

export interface ServiceDefinition<S, C = unknown> {
  name: string;
  /** The service's own settings from the environment, read once at start-up; commands see them as ctx.config. */
  config?: () => C;
  /** Folder of command modules, one file per command. */
  commandsDir: string;
  /** The service's own schema (idempotent DDL), run at start-up. */
  schemaFile: string;
  /** The store one request uses: its connection (the transaction of a write) and its request id. */
  store: (sql: Sql, requestId: string) => S;
  /** Opens the domain store the environment picks (e.g. USERS_STORE=mongo); null keeps `store` on PostgreSQL. */
  openStore?: (namespace: string, log: ReturnType<typeof createLogger>) => Promise<ExternalStore<S> | null>;
  /** Runs once the database is ready, before consuming (e.g. seeding the admin account). */
  onStart?: (sql: Sql, log: ReturnType<typeof createLogger>, store: S) => Promise<void>;
}

export interface RunningService extends Replica {
  metricsPort: number;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** The transport (default: RabbitMQ at AMQP_URL, vhost = namespace); in-process stacks give a memory broker. */
  broker?: Broker;
}

export async function runService<S, C>(def: ServiceDefinition<S, C>, opts: RunOptions = {}): Promise<RunningService> {
  const base = baseConfig(def.name);
  const log = createLogger({ service: def.name, instance: base.instance });
  const upper = def.name.toUpperCase();

  // Start-up steps that do not depend on each other run side by side: the broker connection and the command
  // modules load while the database is prepared, and onStart (seeding) runs until just before consuming.
  const brokerReady = opts.broker ? Promise.resolve(opts.broker) : rabbitBroker(base, log);
  const commands = new CommandMap(def.commandsDir);
  const commandsLoaded = commands.loadBuiltins();
  for (const step of [brokerReady, commandsLoaded]) step.catch(() => {}); // awaited below, where they throw

  const dbUrl = serviceDatabaseUrl(def.name, base);
  await ensureDatabase(dbUrl);
  const db = new Database(dbUrl, envInt(`${upper}_DB_POOL_MAX`, 10), base.instance, log);
  await db.migrate(new URL("./schema.sql", import.meta.url).pathname);
  await db.migrate(def.schemaFile);
  // The runtime's tables stay in PostgreSQL whatever holds the domain data.
  const external = (await def.openStore?.(base.namespace, log)) ?? null;
  const storeFor = external ? (sql: Sql, requestId: string) => external.bind(sql, requestId) : def.store;
  const started = def.onStart?.(db.sql, log, storeFor(db.sql, `start-up-${base.instance}`));
  started?.catch(() => {});

  await commandsLoaded;
  const broker = await brokerReady;
  const rpc = createRpcClient(broker, log, { timeoutMs: envInt("RPC_TIMEOUT_MS", 5000), origin: "service" });

  let worker!: Worker;
  const metrics = serviceMetrics(def.name, {
    inFlight: () => worker.inFlight,
    limit: () => worker.limiter.limit,
    frozen: () => worker.isFrozen,
    poolMax: () => db.max,
    poolInUse: () => db.inUse(),
  });
  const announce = createAnnouncer(broker, log, [edgeTopic]);
  // Every invalidation also reaches the gateways' edge caches (gw/edgeCache.ts), named by service.
  const toGateways = (keys: string[]) => announce(edgeTopic, { service: def.name, keys });
  const cache = new RedisCache(base.redisUrl, `${base.namespace}:${def.name}:`, log, metrics.cacheStats, toGateways);
  // A command changed at runtime may answer differently: every answer of this service cached at the edge goes.
  commands.onChange = () => toGateways([everyKey]);
  let replica!: Replica;
  worker = new Worker(
    broker,
    {
      service: def.name,
      config: def.config?.() ?? {},
      commands,
      sql: () => db.sql,
      store: storeFor as (sql: Sql, requestId: string) => unknown,
      cache,
      rpc,
      log,
      pokeOutbox: () => replica.relay?.poke(),
      announce,
      connectionLost: (pool) => db.connectionLost(pool),
      databaseDown: () => db.unreachable,
    },
    log,
    {
      concurrency: envInt(`${upper}_CONCURRENCY`, envInt("WORKER_CONCURRENCY", 50)),
      maxAttempts: envInt("MAX_ATTEMPTS", 3),
      observe: metrics.observe,
    },
  );

  replica = {
    service: def.name,
    instance: base.instance,
    host: hostname(),
    pid: process.pid,
    startedAt: Date.now(),
    namespace: base.namespace,
    redisUrl: base.redisUrl,
    log,
    broker,
    worker,
    db,
    cache,
    commands,
    rpc,
    relay: null,
  };
  const overrides = overrideStore(db);
  const control = startControlPlane({
    broker,
    service: def.name,
    instance: base.instance,
    secret: base.controlSecret,
    log,
    ops: controlOps(replica, overrides),
    state: () => replicaState(replica),
    init: () => applyOverrides(replica, overrides),
    resync: () => applyOverrides(replica, overrides),
  });
  await control.ready; // bound to the control exchange, then the stored overrides applied: nothing missed
  await started;
  worker.start();
  if (!worker.isFrozen) replica.relay = startRelay(() => db.sql, rpc, log);
  const server = serveMetrics(envInt("METRICS_PORT", 0), metrics.registry, () => broker.connected);
  await broker.ready();
  // Writes committed just before a crash of this (or another) replica may not have announced their invalidations.
  recentInvalidations(db.sql, invalidationReplaySeconds).then(
    (keys) => cache.invalidateNow(keys),
    (err: Error) => log.warn("could not replay recent invalidations", { err: err.message }),
  );
  log.info("service ready", {
    queue: `queue_${def.name}`,
    commands: commands.names().length,
    metricsPort: server.port,
    vhost: base.namespace,
    store: external?.kind ?? "postgres",
  });

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      log.info("stopping: finishing in-flight requests");
      await worker.stop();
      await replica.relay?.stop();
      await control.stop();
      await broker.close();
      server.stop(true);
      await cache.release();
      await db.close();
      await external?.close();
      log.info("stopped");
    })());
  return { ...replica, metricsPort: server.port ?? 0, stop };
}

/** The namespace's vhost on RabbitMQ, and a connection to it that recovers by itself. */
async function rabbitBroker(base: BaseConfig, log: Logger): Promise<Broker> {
  await ensureVhost(base.mgmtUrl, base.namespace);
  return createBroker(amqpUrlFor(base.amqpUrl, base.namespace), log, base.instance);
}

/**
 * A service's process: SIGTERM or SIGINT stops it gracefully, then exits; so does losing its launcher. When idle, it
 * gives memory back (memoryTarget.ts).
 */
export function stopOnSignals(running: RunningService): void {
  for (const sig of ["SIGTERM", "SIGINT"] as const)
    process.once(sig, () => void running.stop().then(() => process.exit(0)));
  stopWithParent();
  holdMemoryTarget(
    () => running.worker.handled,
    () => running.worker.inFlight,
  );
}

export const commandsDirOf = (entryUrl: string, service: string) => new URL(`./${service}/commands`, entryUrl).pathname;
export const schemaFileOf = (entryUrl: string, service: string) =>
  new URL(`./${service}/schema.sql`, entryUrl).pathname;
