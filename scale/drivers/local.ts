// Local driver: scales services whose replicas run on this machine. Who starts the processes is a ReplicaPool:
// by default its own child processes (childProcesses.ts); under `make up AUTOSCALE=1`, the launcher's
// supervisor, so the replicas the autoscaler adds are restarted after a crash like every other process.
import type { LocalService } from "../config.ts";
import { childProcesses, type ChildProcessOptions } from "./childProcesses.ts";
import type { Driver, ScalableService } from "./driver.ts";

/** Starts and stops numbered replicas (<service>-<n>) of local services. */
export interface ReplicaPool {
  /** Replicas the service is meant to have (one waiting to be restarted counts). */
  count(service: string): number;
  /** Adds replicas, or stops the newest ones (SIGTERM, then SIGKILL after a grace period). */
  scaleTo(service: string, replicas: number): void;
  pids(service?: string): number[];
  /** Release what the pool holds for the driver (its own children: stop them). */
  close(): Promise<void>;
}

export type LocalDriverOptions = { services: LocalService[] } & ({ pool: ReplicaPool } | ChildProcessOptions);

export interface LocalDriver extends Driver {
  pids(service?: string): number[];
}

export function localDriver(opts: LocalDriverOptions): LocalDriver {
  const pool = "pool" in opts ? opts.pool : childProcesses(opts);
  const known = (name: string) => {
    if (!opts.services.some((s) => s.name === name)) throw new Error(`unknown local service ${name}`);
    return name;
  };
  return {
    kind: "local",

    async list(): Promise<ScalableService[]> {
      return opts.services.map((s) => ({
        id: s.name,
        name: s.name,
        queue: `queue_${s.name}`,
        swarmService: null,
        replicas: pool.count(s.name),
        min: s.min,
        max: s.max,
      }));
    },

    async scale(service, replicas) {
      pool.scaleTo(known(service.id), replicas);
    },

    pids: (service) => pool.pids(service === undefined ? undefined : known(service)),

    close: () => pool.close(),
  };
}
