// One bench run: the stack (or BENCH_URL), memory at rest, cold starts, the baselines, the scenarios,
// memory after load; everything measured lands in one BenchResult.
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { startStack, root, services as allServices, type ServiceName, type Stack } from "../tests/support/stack.ts";
import { api } from "../tests/support/api.ts";
import type { Settings } from "./settings.ts";
import { wanted } from "./settings.ts";
import { generateLoad } from "./load/client.ts";
import { loadgenCommand } from "./load/runtime.ts";
import { startBaselines, type BaselineTarget } from "./baselines/index.ts";
import { findWrk, runWrk } from "./baselines/wrk.ts";
import { scenarios } from "./scenarios/index.ts";
import { Fixture } from "./scenarios/fixture.ts";
import type { ScenarioEnv } from "./scenarios/scenario.ts";
import { summarise, type Measurement } from "./measurement.ts";
import { infrastructure, memoryMb, privateMb, type Watched } from "./system/procs.ts";
import { measureColdStarts, type ColdStarts } from "./system/coldStart.ts";
import { checkTargets, type TargetCheck } from "./targets.ts";
import { progress } from "./progress.ts";
import { nameProfiles, profilerEnv } from "./system/profiles.ts";

export interface BenchResult {
  startedAt: string;
  finishedAt?: string;
  machine: { cpu: string; cores: number; memoryGb: number; bun: string; loadGenerator: string };
  settings: Omit<Settings, "infra" | "outDir">;
  stack: { mode: "started" | "url"; url: string; services: string[]; startMs?: number; missing: string[] };
  coldStart?: ColdStarts;
  rss: {
    atRest?: Record<string, number>;
    /** 1 s after the last load. */
    afterLoad?: Record<string, number>;
    /** 4 s after the last load: idle processes have given a burst's memory back (svc/runtime/memoryTarget.ts). */
    settled?: Record<string, number>;
    /** The same moment, memory the process alone holds (USS; bench/system/procs.ts privateMb). */
    settledPrivate?: Record<string, number>;
    baselinesAfterLoad?: Record<string, number>;
  };
  measurements: Measurement[];
  targets: TargetCheck[];
  notes: string[];
}

const memory = (ws: Watched[]) => Object.fromEntries(ws.map((w) => [w.name, memoryMb(w)]));
const baselineLoad = (s: Settings) => `${s.connections} connections`;

export async function runBench(settings: Settings): Promise<BenchResult> {
  const present = allServices.filter((s) => existsSync(`${root}svc/${s}.ts`));
  const result: BenchResult = {
    startedAt: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "?",
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      bun: Bun.version,
      loadGenerator: (await loadgenCommand()).runtime,
    },
    settings: (({ infra: _i, outDir: _o, ...rest }) => rest)(settings),
    stack: {
      mode: settings.url ? "url" : "started",
      url: settings.url ?? "",
      services: settings.url ? [...allServices] : present,
      missing: settings.url ? [] : allServices.filter((s) => !present.includes(s)),
    },
    rss: {},
    measurements: [],
    targets: [],
    notes: [],
  };
  for (const s of result.stack.missing)
    result.notes.push(`svc/${s}.ts does not exist: scenarios that need ${s} are skipped`);

  let stack: Stack | null = null;
  const profileDir =
    settings.profile && !settings.url
      ? `${settings.outDir}/profiles/${result.startedAt.replace(/[:.]/g, "-").slice(0, 19)}`
      : null;
  if (!settings.url) {
    progress.note(`starting a stack: ${present.join(", ")} and the gateway`);
    const t0 = performance.now();
    stack = await startStack({
      services: present as ServiceName[],
      env: { LOG_LEVEL: "warn", ...(profileDir ? profilerEnv(profileDir) : {}) },
    });
    result.stack.startMs = Math.round(performance.now() - t0);
    result.stack.url = stack.url;
  }
  const url = result.stack.url;
  const stackProcs: Watched[] = stack
    ? stack.procs.map((p) => ({ name: p.name === "gateway" ? "gateway" : p.name, pids: () => [p.proc.pid] }))
    : [];
  const watched = () => [...stackProcs, ...infrastructure()];

  try {
    await Bun.sleep(1000);
    result.rss.atRest = memory(watched());
    if (stack && !profileDir && wanted(settings, "coldstart")) {
      progress.note("measuring cold starts");
      result.coldStart = await measureColdStarts(stack, present as ServiceName[], settings.coldStarts);
    }
    await measureBaselines(settings, result, watched);

    const fixture = new Fixture(api(url), stack);
    const env: ScenarioEnv = {
      settings,
      url,
      fixture,
      baselineRate: (id) => result.measurements.find((m) => m.id === id && m.summary)?.summary?.reqPerSec,
    };
    for (const sc of scenarios) {
      if (!wanted(settings, sc.id)) continue;
      const m: Measurement = {
        id: sc.id,
        title: sc.title,
        kind: sc.kind,
        baseline: sc.baseline,
        load: sc.load(settings),
        expectSuccess: sc.expectSuccess,
      };
      result.measurements.push(m);
      const missing = sc.needs.filter((s) => !result.stack.services.includes(s));
      if (missing.length) {
        m.skipped = `needs ${missing.join(", ")} (svc/${missing[0]}.ts is absent)`;
        progress.note(`skip ${sc.id}: ${m.skipped}`);
        continue;
      }
      try {
        progress.note(`preparing ${sc.id}`);
        const spec = await sc.spec(env);
        const outcome = await generateLoad(sc.id, spec, () => [...watched()]);
        m.cpu = outcome.cpu;
        if (outcome.ramp) {
          m.ramp = outcome.ramp.seconds;
          m.runs = [outcome.ramp.total];
          m.summary = summarise([outcome.ramp.total]);
        } else {
          m.runs = outcome.runs;
          m.summary = summarise(outcome.runs);
        }
        const base = sc.baseline ? env.baselineRate(sc.baseline) : undefined;
        if (base) m.ratio = m.summary.reqPerSec / base;
        const samples = m.runs.flatMap((r) => r.samples ?? []);
        if (samples.length) m.notes = [...new Set(samples)].slice(0, 5);
        if (m.runs.some((r) => r.pairsExhausted))
          (m.notes ??= []).push("the pool of distinct requests ran out and started over");
        progress.note(line(m));
      } catch (err) {
        m.skipped = `failed: ${(err as Error).message.split("\n")[0]}`;
        progress.note(`skip ${sc.id}: ${m.skipped}`);
      }
    }
    await Bun.sleep(1000);
    result.rss.afterLoad = memory(watched());
    await Bun.sleep(3000);
    result.rss.settled = memory(watched());
    result.rss.settledPrivate = Object.fromEntries(
      watched()
        .filter((w) => !w.pss)
        .map((w) => [w.name, privateMb(w)]),
    );
  } finally {
    if (stack) {
      progress.note("stopping the stack");
      await stack.stop();
    }
    if (stack && profileDir) result.notes.push(`CPU profiles: ${nameProfiles(profileDir, stack).join(", ")}`);
  }
  result.targets = checkTargets({
    measurements: result.measurements,
    rssAfterLoad: result.rss.settled,
    privateAfterLoad: result.rss.settledPrivate,
    coldStart: result.coldStart,
  });
  result.finishedAt = new Date().toISOString();
  return result;
}

const line = (m: Measurement) => {
  const s = m.summary!;
  const ratio = m.ratio === undefined ? "" : `  ${m.ratio.toFixed(2)}x ${m.baseline}`;
  const its = s.iterationsPerSec !== undefined ? `  ${s.iterationsPerSec.toFixed(2)} iterations/s` : "";
  const latency = `p50 ${Math.round(s.p50)} ms  p99 ${Math.round(s.p99)} ms`;
  return `${m.id}: ${Math.round(s.reqPerSec)} req/s${its}  ${latency}  errors ${s.errors}  non-2xx ${s.non2xx}${ratio}`;
};

async function measureBaselines(settings: Settings, result: BenchResult, watched: () => Watched[]) {
  const ids: BaselineTarget["id"][] = ["ping", "echo", "redis", "pg", "insert"];
  if (!ids.some((id) => wanted(settings, id)) && !wanted(settings, "ping-wrk")) return;
  progress.note("starting the baselines");
  const baselines = await startBaselines(settings.infra);
  try {
    for (const target of baselines.targets) {
      if (!wanted(settings, target.id)) continue;
      const m: Measurement = {
        id: target.id,
        title: target.title,
        kind: "baseline",
        load: baselineLoad(settings),
        expectSuccess: true,
      };
      result.measurements.push(m);
      const outcome = await generateLoad(
        target.id,
        {
          kind: "fixed",
          url: target.url,
          connections: settings.connections,
          warmupS: settings.warmupS,
          runs: settings.runs,
          durationS: settings.durationS,
          request: { method: "GET", path: target.path },
        },
        () => [...watched(), ...baselines.watched],
      );
      m.runs = outcome.runs;
      m.summary = summarise(outcome.runs);
      m.cpu = outcome.cpu;
      progress.note(line(m));
    }
    if (wanted(settings, "ping-wrk") && settings.wrk) await measureWrk(settings, result, baselines.targets[0]);
    result.rss.baselinesAfterLoad = memory(baselines.watched);
  } finally {
    await baselines.stop();
  }
}

async function measureWrk(settings: Settings, result: BenchResult, ping: BaselineTarget) {
  const m: Measurement = {
    id: "ping-wrk",
    title: "(1w) bare Bun.serve JSON ping, wrk -t1",
    kind: "baseline",
    load: baselineLoad(settings),
    expectSuccess: true,
  };
  result.measurements.push(m);
  const wrk = await findWrk();
  if ("skip" in wrk) {
    m.skipped = wrk.skip;
    progress.note(`skip ping-wrk: ${wrk.skip}`);
    return;
  }
  // No warm-up of its own: autocannon has just warmed the same server.
  m.runs = [];
  for (let i = 1; i <= settings.runs; i++) {
    progress.show(`ping-wrk  run ${i}/${settings.runs}  ${settings.durationS}s`);
    m.runs.push(
      await runWrk(wrk.path, ping.url + ping.path, settings.connections, Math.max(1, Math.round(settings.durationS))),
    );
  }
  m.summary = summarise(m.runs);
  progress.note(line(m));
}
