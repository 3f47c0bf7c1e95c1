// Fixed-duration load with autocannon: a warm-up that is not counted, then N measured runs.
import autocannon from "autocannon";
import type { FixedSpec, LoadEvent, RunResult } from "./spec.ts";
import { requestSource, type RequestSource } from "./requests.ts";

export const toRunResult = (r: autocannon.Result, source?: RequestSource): RunResult => {
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    reqPerSec: completed / Math.max(r.duration, 0.001),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: completed,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    durationS: r.duration,
    ...(source?.exhausted() ? { pairsExhausted: true } : {}),
  };
};

async function once(
  spec: FixedSpec,
  source: RequestSource,
  phase: "warmup" | "run",
  run: number,
  durationS: number,
  emit: (e: LoadEvent) => void,
) {
  emit({ type: "runStart", phase, run });
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationS,
    timeout: 10,
    ...source.options,
    renderProgressBar: false,
    renderResultsTable: false,
  });
  let second = 0,
    non2xx = 0,
    errors = 0;
  instance.on("response", (_c, status) => {
    if (status < 200 || status > 299) non2xx++;
  });
  instance.on("reqError", () => {
    errors++;
  });
  instance.on("tick", ({ counter }) => {
    if (second < Math.ceil(durationS))
      emit({ type: "tick", phase, run, second: ++second, of: Math.ceil(durationS), reqs: counter, non2xx, errors });
  });
  const result = toRunResult(await instance, source);
  emit({ type: "run", phase, run, result });
}

export async function runFixed(spec: FixedSpec, emit: (e: LoadEvent) => void): Promise<void> {
  const source = requestSource(spec.request);
  if (spec.warmupS > 0) await once(spec, source, "warmup", 0, spec.warmupS, emit);
  for (let run = 1; run <= spec.runs; run++) await once(spec, source, "run", run, spec.durationS, emit);
}
