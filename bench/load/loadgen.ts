// The load generator process: reads one LoadSpec (JSON) on stdin, runs it, and reports LoadEvents as JSON
// lines on stdout. It runs apart from the orchestrator so that only it and the servers compete for CPU.
// Plain Node APIs only: runner.ts bundles it for Node, whose HTTP client drives autocannon ~1.7x faster than Bun's.
import type { LoadEvent, LoadSpec } from "./spec.ts";
import { runFixed } from "./fixed.ts";
import { runRamp } from "./ramp.ts";
import { runFlow } from "./flow.ts";

const emit = (e: LoadEvent) => process.stdout.write(JSON.stringify(e) + "\n");

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

try {
  const spec = JSON.parse(await readStdin()) as LoadSpec;
  if (spec.kind === "fixed") await runFixed(spec, emit);
  else if (spec.kind === "ramp") await runRamp(spec, emit);
  else await runFlow(spec, emit);
} catch (err) {
  emit({ type: "error", message: (err as Error)?.stack ?? String(err) });
  process.exitCode = 1;
}
// Let stdout drain before leaving.
process.stdout.write("", () => process.exit());
