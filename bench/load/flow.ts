// Virtual users running the marketplace flow back to back (no think time). The users run without pause
// through the warm-up and every run; each response counts in the window in which it arrives.
import { setTimeout as sleep } from "node:timers/promises";
import type { FlowSpec, LoadEvent, RunResult } from "./spec.ts";
import { marketplaceFlow, type FlowState, type Step } from "./marketplace.ts";
import { Latencies } from "./latencies.ts";

interface Window {
  latencies: Latencies;
  iterations: Latencies;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  codes: Record<string, number>;
  samples: Set<string>;
}
const newWindow = (): Window => ({
  latencies: new Latencies(),
  iterations: new Latencies(),
  requests: 0,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  codes: {},
  samples: new Set(),
});

const pollEveryMs = 20,
  pollForMs = 10_000;

export async function runFlow(spec: FlowSpec, emit: (e: LoadEvent) => void): Promise<void> {
  let w = newWindow();
  let stop = false;
  let counter = 0;
  const prefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  const send = async (step: Step, s: FlowState): Promise<{ status: number; body: any } | null> => {
    const headers: Record<string, string> = {};
    const token = step.as === "client" ? s.clientToken : step.as === "freelancer" ? s.freelancerToken : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    const body = step.body?.(s);
    if (body !== undefined) headers["content-type"] = "application/json";
    const t0 = performance.now();
    const window = w;
    try {
      const res = await fetch(spec.url + step.path(s), {
        method: step.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      window.requests++;
      window.codes[res.status] = (window.codes[res.status] ?? 0) + 1;
      if (res.status !== step.status) {
        window.non2xx += res.status < 200 || res.status > 299 ? 1 : 0;
        if (window.samples.size < 5) window.samples.add(`${step.name}: ${res.status} ${text.slice(0, 160)}`);
        return null;
      }
      window.latencies.add(performance.now() - t0);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      window.errors++;
      if ((err as Error).name === "TimeoutError") window.timeouts++;
      if (window.samples.size < 5) window.samples.add(`${step.name}: ${(err as Error).message}`);
      return null;
    }
  };

  const iterate = async (): Promise<boolean> => {
    const s: FlowState = { n: `${prefix}.${counter++}` };
    const t0 = performance.now();
    for (const step of marketplaceFlow) {
      const until = performance.now() + pollForMs;
      for (;;) {
        const res = await send(step, s);
        if (!res) return false;
        if (step.keep?.(res.body, s) !== false) break;
        if (!step.poll || performance.now() > until) {
          if (w.samples.size < 5) w.samples.add(`${step.name}: the answer lacks what the next step needs`);
          return false;
        }
        await sleep(pollEveryMs);
      }
    }
    w.iterations.add(performance.now() - t0);
    return true;
  };

  // Users start spread over the first half of the warm-up, so their iterations do not march in step.
  const stagger = (spec.warmupS * 500) / spec.users;
  const users = Array.from({ length: spec.users }, async (_, i) => {
    await sleep(i * stagger);
    while (!stop) if (!(await iterate())) await sleep(100);
  });

  const phase = async (name: "warmup" | "run", run: number, durationS: number) => {
    emit({ type: "runStart", phase: name, run });
    w = newWindow();
    const t0 = performance.now();
    for (let second = 1; second <= Math.ceil(durationS); second++) {
      const before = w.requests;
      await sleep(Math.min(1000, t0 + durationS * 1000 - performance.now()));
      emit({
        type: "tick",
        phase: name,
        run,
        second,
        of: Math.ceil(durationS),
        reqs: w.requests - before,
        non2xx: w.non2xx,
        errors: w.errors,
      });
    }
    const done = w,
      secs = (performance.now() - t0) / 1000;
    const result: RunResult = {
      reqPerSec: done.requests / secs,
      p50: done.latencies.percentile(50),
      p90: done.latencies.percentile(90),
      p99: done.latencies.percentile(99),
      max: done.latencies.max(),
      requests: done.requests,
      errors: done.errors,
      timeouts: done.timeouts,
      non2xx: done.non2xx,
      statusCodes: done.codes,
      durationS: secs,
      iterationsPerSec: done.iterations.count / secs,
      iterationP50: done.iterations.percentile(50),
      iterationP99: done.iterations.percentile(99),
      ...(done.samples.size ? { samples: [...done.samples] } : {}),
    };
    emit({ type: "run", phase: name, run, result });
  };

  if (spec.warmupS > 0) await phase("warmup", 0, spec.warmupS);
  for (let run = 1; run <= spec.runs; run++) await phase("run", run, spec.durationS);
  stop = true;
  await Promise.race([Promise.all(users), sleep(15_000)]);
}
