// Everything one running service replica holds; the control operations act on it.
import type { Broker } from "./amqp.ts";
import type { RedisCache } from "./cache.ts";
import type { CommandMap } from "./commandMap.ts";
import type { Database } from "./db.ts";
import type { Logger } from "./log.ts";
import type { Relay } from "./outbox.ts";
import type { RpcClient } from "./rpc.ts";
import type { Worker } from "./worker.ts";

export interface Replica {
  service: string;
  instance: string;
  host: string;
  pid: number;
  startedAt: number;
  namespace: string;
  redisUrl: string;
  log: Logger;
  broker: Broker;
  worker: Worker;
  db: Database;
  cache: RedisCache;
  commands: CommandMap;
  rpc: RpcClient;
  /** The outbox relay; null while frozen (it would reopen the database pool). */
  relay: Relay | null;
}

export async function replicaState(r: Replica) {
  return {
    service: r.service,
    instance: r.instance,
    host: r.host,
    pid: r.pid,
    uptimeSeconds: Math.round((Date.now() - r.startedAt) / 1000),
    frozen: r.worker.isFrozen,
    concurrency: r.worker.limiter.limit,
    inFlight: r.worker.inFlight,
    poolMax: r.db.max,
    logLevel: r.log.level,
    commands: r.commands.versions(),
    deletedCommands: r.commands.deletedNames(),
  };
}
