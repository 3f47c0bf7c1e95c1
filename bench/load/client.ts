// Orchestrator side of the load generator: spawns it, hands it the spec, shows a live progress line,
// measures CPU per process while the measured runs go, and collects the results.
import type { LoadEvent, LoadSpec, RampSecond, RunResult } from "./spec.ts";
import { CpuMeter, type Watched } from "../system/procs.ts";
import { progress } from "../progress.ts";
import { loadgenCommand } from "./runtime.ts";

export interface LoadOutcome {
  runs: RunResult[];
  warmup?: RunResult;
  ramp?: { seconds: RampSecond[]; total: RunResult };
  /** % of one core per process while the measured runs went. */
  cpu: Record<string, number>;
}

export async function generateLoad(label: string, spec: LoadSpec, watched: () => Watched[]): Promise<LoadOutcome> {
  const { argv } = await loadgenCommand();
  const proc = Bun.spawn(argv, { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  const self: Watched = { name: "load generator", pids: () => [proc.pid] };
  const cpu = new CpuMeter(() => [...watched(), self]);
  proc.stdin.write(JSON.stringify(spec));
  await proc.stdin.end();

  const outcome: LoadOutcome = { runs: [], cpu: {} };
  let failure: string | null = null;
  const handle = (e: LoadEvent) => {
    switch (e.type) {
      case "runStart":
        if (e.phase === "run") cpu.start();
        break;
      case "tick": {
        if (e.phase === "ramp" && e.second === 1) cpu.start();
        const where =
          e.phase === "warmup"
            ? "warm-up"
            : e.phase === "ramp"
              ? `ramp ${e.connections} conn`
              : `run ${e.run}/${"runs" in spec ? spec.runs : 1}`;
        const bad = e.errors + e.non2xx ? `  errors ${e.errors} non-2xx ${e.non2xx}` : "";
        progress.show(`${label}  ${where}  ${e.second}/${e.of}s  ${e.reqs.toLocaleString("en")} req/s${bad}`);
        break;
      }
      case "run":
        if (e.phase === "warmup") outcome.warmup = e.result;
        else {
          cpu.stop();
          outcome.runs.push(e.result);
        }
        break;
      case "ramp":
        cpu.stop();
        outcome.ramp = { seconds: e.seconds, total: e.total };
        break;
      case "error":
        failure = e.message;
    }
  };

  const stderr = new Response(proc.stderr).text();
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) handle(JSON.parse(line) as LoadEvent);
    }
  }
  const code = await proc.exited;
  progress.clear();
  if (failure || code !== 0)
    throw new Error(`load generator failed for ${label}: ${failure ?? (await stderr).slice(-2000)}`);
  outcome.cpu = cpu.result();
  return outcome;
}
