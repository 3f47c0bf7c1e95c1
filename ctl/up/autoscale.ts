// `make up AUTOSCALE=1`: the autoscaler's local driver, in the launcher, scaling the stack's services through the
// supervised pool. Bounds: SCALE_LOCAL_SERVICES if set, else each service from its REPLICAS count up to
// max(count, SCALE_DEFAULT_MAXIMUM); every other SCALE_* setting as in scale/README.md.
import { loadConfig, type ScaleConfig } from "../../scale/config.ts";
import { localDriver, type ReplicaPool } from "../../scale/drivers/local.ts";
import { jsonLog } from "../../scale/log.ts";
import { runAutoscaler } from "../../scale/run.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import type { Replicas } from "./replicas.ts";

/** The autoscaler's settings for this stack; throws on a bad SCALE_* value, before anything starts. */
export function autoscaleConfig(replicas: Replicas, env = process.env): ScaleConfig {
  // METRICS_PORT is the replicas' here; the autoscaler serves no health port of its own under `make up`.
  const base = loadConfig({ ...env, METRICS_PORT: "" }, { driver: "local" });
  const services = env.SCALE_LOCAL_SERVICES
    ? base.local.services
    : Object.entries(replicas).map(([name, n]) => ({ name, min: n, max: Math.max(n, base.defaultBounds.max) }));
  return { ...base, local: { ...base.local, services } };
}

export function startAutoscaler(config: ScaleConfig, pool: ReplicaPool, writeLine: (line: string) => void) {
  const stop = new AbortController();
  const driver = localDriver({ services: config.local.services, pool });
  // Its decisions are the audit trail: shown at info whatever LOG_LEVEL the replicas get.
  const logger = createLogger({ service: "autoscaler", instance: "autoscaler" }, { level: "info" }, writeLine);
  const done = runAutoscaler(config, driver, jsonLog(logger), stop.signal);
  return {
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}
