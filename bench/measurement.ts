// What the bench records for each baseline and scenario, and how runs are summarised (median of the runs).
import type { RampSecond, RunResult } from "./load/spec.ts";

export interface Summary {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  iterationsPerSec?: number;
  iterationP50?: number;
  iterationP99?: number;
}

export interface Measurement {
  id: string;
  title: string;
  kind: "baseline" | "scenario" | "flow" | "ramp";
  /** The baseline this is compared with (ratio = req/s here / req/s there). */
  baseline?: string;
  load?: string;
  summary?: Summary;
  ratio?: number;
  runs?: RunResult[];
  ramp?: RampSecond[];
  /** % of one core per process during the measured runs. */
  cpu?: Record<string, number>;
  /** Errors and non-2xx count as failures only where every request is meant to succeed. */
  expectSuccess: boolean;
  skipped?: string;
  notes?: string[];
}

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function summarise(runs: RunResult[]): Summary {
  const out: Summary = {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: sum(runs.map((r) => r.errors)),
    timeouts: sum(runs.map((r) => r.timeouts)),
    non2xx: sum(runs.map((r) => r.non2xx)),
  };
  if (runs.some((r) => r.iterationsPerSec !== undefined)) {
    out.iterationsPerSec = median(runs.map((r) => r.iterationsPerSec ?? 0));
    out.iterationP50 = median(runs.map((r) => r.iterationP50 ?? 0));
    out.iterationP99 = median(runs.map((r) => r.iterationP99 ?? 0));
  }
  return out;
}

export const failed = (m: Measurement) => !!m.summary && m.expectSuccess && m.summary.errors + m.summary.non2xx > 0;
