// `make bench` / `make bench-quick`: measure the baselines and the scenarios, print the report, write results.
import { defineCommand, runMain } from "citty";
import { settingsFrom } from "./settings.ts";
import { runBench } from "./runner.ts";
import { renderMarkdown, writeResults } from "./report.ts";

const main = defineCommand({
  meta: {
    name: "bench",
    description: "WorkUp benchmark: baselines and scenarios through the real gateway, as ratios to the baselines",
  },
  args: {
    quick: { type: "boolean", description: "Short runs (BENCH_QUICK=1)" },
    url: { type: "string", description: "Measure a running gateway instead of starting a stack (BENCH_URL)" },
    connections: { type: "string", description: "Connections per fixed-load scenario (BENCH_CONNECTIONS, 64)" },
    warmup: { type: "string", description: "Warm-up seconds (BENCH_WARMUP_S; 3, quick 1)" },
    runs: { type: "string", description: "Measured runs per scenario (BENCH_RUNS, 3)" },
    duration: { type: "string", description: "Seconds per run (BENCH_DURATION_S; 10, quick 2)" },
    users: { type: "string", description: "Virtual users in the marketplace flow (BENCH_USERS; 32, quick 8)" },
    only: {
      type: "string",
      description:
        "Comma-separated ids: ping,ping-wrk,echo,redis,pg,insert,coldstart,job-hit,job-miss,job-search,proposal," +
        "login,flow,ramp (BENCH_ONLY)",
    },
    wrk: {
      type: "boolean",
      description: "Also measure baseline 1 with wrk, installing it when root (BENCH_WRK=0 to skip)",
      default: undefined,
    },
    out: { type: "string", description: "Results folder (BENCH_OUT, bench/results)" },
    profile: {
      type: "boolean",
      description:
        "CPU-profile the stack's processes (results/profiles/<time>/<process>.cpuprofile, summed up in <process>.md); " +
        "e.g. --profile --only job-hit (BENCH_PROFILE=1)",
    },
  },
  async run({ args }) {
    const settings = settingsFrom(args as never);
    const result = await runBench(settings);
    const paths = writeResults(result, settings.outDir);
    process.stdout.write("\n" + renderMarkdown(result) + "\n");
    process.stderr.write(`results: ${paths.json}\n         ${paths.markdown}\n         ${paths.latest}\n`);
    process.exit(0);
  },
});

await runMain(main);
