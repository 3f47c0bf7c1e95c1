// The service replicas of `make up` as numbered instances (jobs-1, jobs-2...) kept by the supervisor: the initial
// REPLICAS, and the autoscaler's local driver scales through the same pool, so what it adds is restarted too.
import type { ReplicaPool } from "../../scale/drivers/local.ts";
import type { Supervisor } from "./supervisor.ts";

export interface PoolOptions {
  supervisor: Supervisor;
  env: Record<string, string | undefined>;
  /** First metrics port; each new instance name gets the next one and keeps it across restarts. 0 = any free. */
  metricsPortBase: number;
  entryOf: (service: string) => string;
}

export interface ServicePool extends ReplicaPool {
  /** The metrics port of an instance name (a replica, or the gateway and media server): the next of the series. */
  metricsPort(instance: string): number;
}

export function servicePool(opts: PoolOptions): ServicePool {
  const numbers = new Map<string, Set<number>>();
  const leaving = new Set<string>(); // instances still stopping: their numbers are not reused until they exit
  const ports = new Map<string, number>();
  const numbersOf = (service: string) => numbers.get(service) ?? numbers.set(service, new Set()).get(service)!;
  const metricsPort = (instance: string) => {
    if (opts.metricsPortBase === 0) return 0;
    if (!ports.has(instance)) ports.set(instance, opts.metricsPortBase + ports.size);
    return ports.get(instance)!;
  };

  function add(service: string, taken: Set<number>) {
    let n = 1;
    while (taken.has(n) || leaving.has(`${service}-${n}`)) n++;
    taken.add(n);
    const name = `${service}-${n}`;
    opts.supervisor.start({
      name,
      entry: opts.entryOf(service),
      env: { ...opts.env, WORKUP_INSTANCE: name, METRICS_PORT: String(metricsPort(name)) },
    });
  }

  return {
    metricsPort,
    count: (service) => numbersOf(service).size,
    scaleTo(service, replicas) {
      const taken = numbersOf(service);
      while (taken.size < replicas) add(service, taken);
      while (taken.size > replicas) {
        // Newest first, so long-lived low-numbered replicas stay.
        const n = Math.max(...taken);
        taken.delete(n);
        const name = `${service}-${n}`;
        leaving.add(name);
        void opts.supervisor.stop(name).finally(() => leaving.delete(name));
      }
    },
    pids(service) {
      const names = service ? [...numbersOf(service)].map((n) => `${service}-${n}`) : opts.supervisor.names();
      return names.map((name) => opts.supervisor.pid(name)).filter((pid): pid is number => pid !== null);
    },
    close: async () => {}, // the launcher stops the stack itself, in order
  };
}
