// The local driver's own process starter: service replicas as child processes on this machine (`bun <entry>`),
// each with the current environment plus WORKUP_INSTANCE=<service>-<n>. A replica that dies is only noticed
// (`make up` passes its supervisor instead, which restarts it). Stopping sends SIGTERM so a replica can finish
// its in-flight messages; SIGKILL follows only after the grace period.
import type { Subprocess } from "bun";
import type { Log } from "../log.ts";
import type { ReplicaPool } from "./local.ts";

interface Replicas {
  live: Map<number, Subprocess>;
  stopping: Map<Subprocess, number>;
}

export interface ChildProcessOptions {
  services: Array<{ name: string }>;
  /** Entry file, `{service}` replaced by the service name (default svc/{service}.ts). */
  entry: string;
  stopGraceMs: number;
  log: Log;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Replica stdout/stderr: shared with the autoscaler (default) or discarded. */
  output?: "inherit" | "ignore";
}

export function childProcesses(opts: ChildProcessOptions): ReplicaPool {
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
          target: service,
          replica: instance,
          pid: proc.pid,
          exitCode,
          signalCode,
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
    count: (service) => replicasOf(service).live.size,

    scaleTo(service, replicas) {
      const r = replicasOf(service);
      while (r.live.size < replicas) start(service, r);
      // Newest first, so long-lived low-numbered replicas stay.
      while (r.live.size > replicas) stop(service, r, Math.max(...r.live.keys()));
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
