// Freeze: stop taking messages (queued ones stay in the queue), finish the in-flight ones, let go of the
// database, the cache and the outbox relay. Start: reconnect and consume again. The frozen state is stored,
// so a replica started while the service is frozen (autoscaler, restart) starts frozen too.
import { startRelay } from "../outbox.ts";
import type { Replica } from "../replica.ts";
import type { OverrideStore } from "./overrides.ts";
import type { ControlOp } from "./plane.ts";

export async function freeze(r: Replica): Promise<void> {
  if (r.worker.isFrozen) return;
  await r.worker.freeze();
  await r.relay?.stop();
  r.relay = null;
  await Promise.all([r.cache.release(), r.db.release()]);
  r.log.info("frozen: not consuming; database and cache connections released");
}

export async function unfreeze(r: Replica): Promise<void> {
  if (!r.worker.isFrozen) return;
  r.cache.reconnect(r.redisUrl); // the database pool reopens on first use
  r.relay ??= startRelay(() => r.db.sql, r.rpc, r.log);
  await r.worker.resume();
  r.log.info("started: consuming again");
}

export function freezeOps(r: Replica, saved: OverrideStore): Record<string, ControlOp> {
  return {
    freeze: async () => {
      await saved.put("frozen", true); // first, while the pool is still open
      await freeze(r);
    },
    start: async () => {
      await unfreeze(r);
      await saved.remove("frozen");
    },
  };
}
