// Processes the bench watches (the stack's, the broker's, Redis's, PostgreSQL's, the load generator's),
// read from /proc: memory (RSS, or PSS for PostgreSQL's many forked backends) and CPU time.
import { readdirSync, readFileSync } from "node:fs";

export interface Watched {
  name: string;
  pids: () => number[] /** Sum PSS instead of RSS (forked processes share pages). */;
  pss?: boolean;
}

const read = (path: string): string | null => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

/** utime + stime in clock ticks (100 per second on Linux). */
export function cpuTicks(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

function memoryKb(pid: number, pss: boolean): number {
  const text = pss ? read(`/proc/${pid}/smaps_rollup`) : read(`/proc/${pid}/status`);
  const m = text?.match(pss ? /^Pss:\s+(\d+) kB/m : /^VmRSS:\s+(\d+) kB/m);
  return m ? Number(m[1]) : 0;
}

export const memoryMb = (w: Watched) =>
  Math.round(w.pids().reduce((sum, pid) => sum + memoryKb(pid, !!w.pss), 0) / 1024);

/**
 * Memory only this process holds (USS: private clean + dirty pages). RSS also counts the pages of the bun executable
 * that every bun process maps and shares (about 35-45 MB once a server has run its hot paths).
 */
function privateKb(pid: number): number {
  const text = read(`/proc/${pid}/smaps_rollup`) ?? "";
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
  return kb("Private_Clean") + kb("Private_Dirty");
}

export const privateMb = (w: Watched) => Math.round(w.pids().reduce((sum, pid) => sum + privateKb(pid), 0) / 1024);

const byCommand = (comm: string) => () => {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (read(`/proc/${entry}/comm`)?.trim() === comm) pids.push(Number(entry));
  }
  return pids;
};

/** The shared infrastructure on this machine, found by process name. */
export const infrastructure = (): Watched[] => [
  { name: "rabbitmq", pids: byCommand("beam.smp") },
  { name: "redis", pids: byCommand("redis-server") },
  { name: "postgres", pids: byCommand("postgres"), pss: true },
];

/** Busy clock ticks of the whole machine, every core (user, nice, system, irq, softirq, steal). */
function machineTicks(): number {
  const cpu = read("/proc/stat")?.split("\n")[0].trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return user + nice + system + irq + softirq + steal;
}

/** The name under which CpuMeter reports what the machine spent outside the watched processes. */
export const otherCpu = "other processes";

/** CPU used by each watched group between `start()` and `stop()`, in % of one core. */
export class CpuMeter {
  private totals = new Map<string, number>();
  private started: Map<string, number> | null = null;
  private t0 = 0;
  private wall = 0;
  constructor(private watched: () => Watched[]) {}

  private snapshot() {
    const groups = new Map(this.watched().map((w) => [w.name, w.pids().reduce((s, pid) => s + cpuTicks(pid), 0)]));
    groups.set(otherCpu, machineTicks());
    return groups;
  }
  start() {
    this.started = this.snapshot();
    this.t0 = performance.now();
  }
  stop() {
    if (!this.started) return;
    const now = this.snapshot();
    for (const [name, ticks] of now)
      this.totals.set(name, (this.totals.get(name) ?? 0) + Math.max(0, ticks - (this.started.get(name) ?? ticks)));
    this.wall += (performance.now() - this.t0) / 1000;
    this.started = null;
  }
  /** % of one core per group over every measured interval. */
  result(): Record<string, number> {
    if (!this.wall) return {};
    const totals = new Map(this.totals);
    const watchedTicks = [...totals].filter(([name]) => name !== otherCpu).reduce((s, [, t]) => s + t, 0);
    totals.set(otherCpu, Math.max(0, (totals.get(otherCpu) ?? 0) - watchedTicks));
    return Object.fromEntries([...totals].map(([name, ticks]) => [name, Math.round(ticks / this.wall)]));
  }
}
