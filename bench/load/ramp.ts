// JMeter's ramp-up with autocannon: one instance per step, each adding its share of connections and all
// ending together, so the connection count grows linearly; responses are bucketed by wall-clock second.
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import type { LoadEvent, RampSecond, RampSpec, RunResult } from "./spec.ts";
import { requestSource } from "./requests.ts";
import { Latencies } from "./latencies.ts";

interface Bucket {
  latencies: Latencies;
  responses: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  connections: number;
  codes: Record<string, number>;
}
const bucket = (): Bucket => ({
  latencies: new Latencies(),
  responses: 0,
  errors: 0,
  non2xx: 0,
  timeouts: 0,
  connections: 0,
  codes: {},
});

export async function runRamp(spec: RampSpec, emit: (e: LoadEvent) => void): Promise<void> {
  const source = requestSource(spec.request);
  const seconds = Math.ceil(spec.overS);
  const buckets = Array.from({ length: seconds }, bucket);
  const t0 = performance.now();
  const at = () => buckets[Math.min(seconds - 1, Math.floor((performance.now() - t0) / 1000))];
  let open = 0;
  const cumulative = (k: number) => Math.round(spec.from + ((spec.to - spec.from) * k) / Math.max(1, spec.steps - 1));

  let shown = 0;
  const ticker = setInterval(() => {
    const b = buckets[shown];
    if (!b || shown >= seconds - 1) return;
    shown++;
    emit({
      type: "tick",
      phase: "ramp",
      run: 1,
      second: shown,
      of: seconds,
      reqs: b.responses,
      non2xx: b.non2xx,
      errors: b.errors,
      connections: open,
    });
  }, 1000);
  const instances: Promise<unknown>[] = [];
  for (let k = 0; k < spec.steps; k++) {
    const startAt = (spec.overS * k) / spec.steps;
    const wait = t0 + startAt * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    const connections = cumulative(k) - (k ? cumulative(k - 1) : 0);
    if (connections <= 0) continue;
    open += connections;
    at().connections = open;
    const instance = autocannon({
      url: spec.url,
      connections,
      duration: spec.overS - startAt,
      timeout: 10,
      sampleInt: 100,
      ...source.options,
      renderProgressBar: false,
      renderResultsTable: false,
    });
    instance.on("response", (_c, status, _bytes, ms) => {
      const b = at();
      b.responses++;
      b.codes[status] = (b.codes[status] ?? 0) + 1;
      if (status < 200 || status > 299) b.non2xx++;
      else b.latencies.add(ms);
    });
    instance.on("reqError", (err: Error) => {
      const b = at();
      b.errors++;
      if (/timed out/.test(err.message)) b.timeouts++;
    });
    instances.push(Promise.resolve(instance));
  }
  await Promise.all(instances);
  clearInterval(ticker);

  let connections = 0;
  const rows: RampSecond[] = buckets.map((b, i) => {
    connections = Math.max(connections, b.connections);
    return {
      second: i + 1,
      connections,
      reqPerSec: b.responses,
      p50: b.latencies.percentile(50),
      p99: b.latencies.percentile(99),
      errors: b.errors,
      non2xx: b.non2xx,
    };
  });
  const all = new Latencies();
  const codes: Record<string, number> = {};
  for (const b of buckets) {
    all.merge(b.latencies);
    for (const [c, n] of Object.entries(b.codes)) codes[c] = (codes[c] ?? 0) + n;
  }
  const sum = (f: (b: Bucket) => number) => buckets.reduce((a, b) => a + f(b), 0);
  const durationS = (performance.now() - t0) / 1000;
  const total: RunResult = {
    reqPerSec: sum((b) => b.responses) / durationS,
    p50: all.percentile(50),
    p90: all.percentile(90),
    p99: all.percentile(99),
    max: all.max(),
    requests: sum((b) => b.responses),
    errors: sum((b) => b.errors),
    timeouts: sum((b) => b.timeouts),
    non2xx: sum((b) => b.non2xx),
    statusCodes: codes,
    durationS,
  };
  emit({ type: "ramp", seconds: rows, total });
}
