// Local driver: runs service replicas as child processes on this machine (`bun <entry>`), each with the
// current environment plus WORKUP_INSTANCE=<service>-<n>. Stopping sends SIGTERM so a replica can finish
// its in-flight messages; SIGKILL follows only after the grace period.
import type { Subprocess } from "bun";
import type { LocalService } from "../config.ts";
import type { Log } from "../log.ts";
import type { Driver, ScalableService } from "./driver.ts";

interface Replicas {
  live: Map<number, Subprocess>;
  stopping: Map<Subprocess, number>;
}

export interface LocalDriverOptions {
  services: LocalService[];
  /** Entry file, `{service}` replaced by the service name (default svc/{service}.ts). */
  entry: string;
  stopGraceMs: number;
  log: Log;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Replica stdout/stderr: shared with the autoscaler (default) or discarded. */
  output?: "inherit" | "ignore";
}

export interface LocalDriver extends Driver {
  pids(service?: string): number[];
}

export function localDriver(opts: LocalDriverOptions): LocalDriver {
  const state = new Map<string, Replicas>(opts.services.map((s) => [s.name, { live: new Map(), stopping: new Map() }]));
  const replicasOf = (name: string) => {
    const r = state.get(name);
    if (!r) throw new Error(`unknown local service ${name}`);
    return r;
  };

  function start(service: string, r: Replicas) {
    const taken = new Set([...r.live.keys(), ...r.stopping.values()]);
    let n = 1;
    while (taken.has(n)) n++;
    const instance = `${service}-${n}`;
    const proc = Bun.spawn({
      cmd: [process.execPath, opts.entry.replaceAll("{service}", service)],
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), WORKUP_INSTANCE: instance },
      stdin: "ignore",
      stdout: opts.output ?? "inherit",
      stderr: opts.output ?? "inherit",
      onExit(_proc, exitCode, signalCode) {
        const expected = r.stopping.delete(proc);
        if (r.live.get(n) === proc) r.live.delete(n);
        opts.log(expected ? "info" : "warn", expected ? "replica stopped" : "replica exited unexpectedly", {
          target: service, replica: instance, pid: proc.pid, exitCode, signalCode,
        });
      },
    });
    r.live.set(n, proc);
    opts.log("info", "replica started", { target: service, replica: instance, pid: proc.pid });
  }

  function stop(service: string, r: Replicas, n: number) {
    const proc = r.live.get(n);
    if (!proc) return;
    r.live.delete(n);
    r.stopping.set(proc, n);
    proc.kill("SIGTERM");
    const killer = setTimeout(() => proc.kill("SIGKILL"), opts.stopGraceMs);
    killer.unref();
    proc.exited.then(() => clearTimeout(killer));
    opts.log("info", "replica stopping", { target: service, replica: `${service}-${n}`, pid: proc.pid });
  }

  return {
    kind: "local",

    async list(): Promise<ScalableService[]> {
      return opts.services.map((s) => ({
        id: s.name, name: s.name, queue: `queue_${s.name}`, swarmService: null,
        replicas: replicasOf(s.name).live.size, min: s.min, max: s.max,
      }));
    },

    async scale(service, replicas) {
      const r = replicasOf(service.id);
      while (r.live.size < replicas) start(service.id, r);
      // Newest first, so long-lived low-numbered replicas stay.
      while (r.live.size > replicas) stop(service.id, r, Math.max(...r.live.keys()));
    },

    pids(service) {
      const names = service ? [service] : [...state.keys()];
      return names.flatMap((name) => {
        const r = replicasOf(name);
        return [...r.live.values(), ...r.stopping.keys()].map((p) => p.pid);
      });
    },

    async close() {
      const all: Subprocess[] = [];
      for (const [name, r] of state) {
        for (const n of [...r.live.keys()]) stop(name, r, n);
        all.push(...r.stopping.keys());
      }
      await Promise.all(all.map((p) => p.exited));
    },
  };
}
