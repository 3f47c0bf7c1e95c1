// The report: one markdown document (printed on stdout, written to results/<timestamp>.md and latest.md)
// and the full result as JSON (results/<timestamp>.json).
import { mkdirSync, writeFileSync } from "node:fs";
import type { BenchResult } from "./runner.ts";
import type { Measurement } from "./measurement.ts";
import { otherCpu } from "./system/procs.ts";

const label: Record<string, string> = {
  ping: "(1)",
  "ping-wrk": "(1w)",
  echo: "(2)",
  redis: "(3)",
  pg: "(4)",
  insert: "(5)",
};
const n = (x: number) => Math.round(x).toLocaleString("en");
/** Latency in ms: whole ms, or one decimal below 10 ms where the tool measured finer (wrk). */
const ms1 = (x: number) => (x < 10 && !Number.isInteger(x) ? x.toFixed(1) : String(Math.round(x)));
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

function mainTable(ms: Measurement[]): string {
  return table(
    ["Measurement", "Load", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "vs baseline"],
    ms
      .filter((m) => m.kind !== "ramp")
      .map((m) => {
        if (!m.summary) return [m.title, m.load ?? "", "skipped", "", "", "", "", m.skipped ?? ""];
        const s = m.summary;
        const vs =
          m.ratio !== undefined
            ? `${m.ratio.toFixed(m.ratio < 0.1 ? 3 : 2)}x ${label[m.baseline!]}`
            : m.kind === "baseline"
              ? "baseline"
              : "";
        return [m.title, m.load ?? "", n(s.reqPerSec), ms1(s.p50), ms1(s.p99), s.errors, s.non2xx, vs];
      }),
  );
}

function flowSection(ms: Measurement[]): string {
  const f = ms.find((m) => m.kind === "flow" && m.summary);
  if (!f) return "";
  const s = f.summary!;
  return (
    `\n## Marketplace flow (${f.load})\n\n` +
    table(
      [
        "iterations/s",
        "iteration p50 ms",
        "iteration p99 ms",
        "requests/s",
        "request p50 ms",
        "request p99 ms",
        "errors",
        "non-2xx",
      ],
      [
        [
          s.iterationsPerSec!.toFixed(1),
          n(s.iterationP50!),
          n(s.iterationP99!),
          n(s.reqPerSec),
          Math.round(s.p50),
          Math.round(s.p99),
          s.errors,
          s.non2xx,
        ],
      ],
    ) +
    "\n"
  );
}

function rampSection(ms: Measurement[]): string {
  const ramps = ms.filter((m) => m.kind === "ramp" && m.ramp);
  if (!ramps.length) return "";
  const seconds = Math.max(...ramps.map((m) => m.ramp!.length));
  const head = [
    "second",
    "connections",
    ...ramps.flatMap((m) => [`${m.id} req/s`, "p50 ms", "p99 ms", "errors", "non-2xx"]),
  ];
  const rows = Array.from({ length: seconds }, (_, i) => [
    i + 1,
    ramps[0].ramp![i]?.connections ?? "",
    ...ramps.flatMap((m) => {
      const r = m.ramp![i];
      return r ? [n(r.reqPerSec), Math.round(r.p50), Math.round(r.p99), r.errors, r.non2xx] : ["", "", "", "", ""];
    }),
  ]);
  const titles = ramps.map((m) => `${m.id} = ${m.title.replace(/^Ramp: /, "")}`).join("; ");
  return `\n## Ramp (${ramps[0].load}), per second\n\n${titles}.\n\n${table(head, rows)}\n`;
}

function cpuSection(ms: Measurement[]): string {
  const with_ = ms.filter((m) => m.cpu && Object.keys(m.cpu).length);
  if (!with_.length) return "";
  const names = [...new Set(with_.flatMap((m) => Object.keys(m.cpu!)))]
    .filter((k) => with_.some((m) => (m.cpu![k] ?? 0) >= 3))
    .sort((a, b) => (a === otherCpu ? 1 : b === otherCpu ? -1 : 0));
  const perRequest = (m: Measurement, k: string) => {
    const runs = m.runs ?? [];
    const rate =
      runs.reduce((a, r) => a + r.requests, 0) /
      Math.max(
        0.001,
        runs.reduce((a, r) => a + r.durationS, 0),
      );
    const pct = m.cpu![k];
    return pct === undefined || !rate || k === otherCpu ? "" : n(((pct / 100) * 1e6) / rate);
  };
  const served = names.filter((k) => k !== otherCpu);
  return (
    `\n## Where the CPU went (% of one core during the measured runs; 200 = both cores)\n\n` +
    table(
      ["Measurement", ...names],
      with_.map((m) => [m.id, ...names.map((k) => m.cpu![k] ?? "")]),
    ) +
    "\n" +
    "\nThe same as CPU time per request (µs): what each process spends on one request, " +
    "which busy neighbours disturb less than req/s.\n\n" +
    table(
      ["Measurement", ...served],
      with_.filter((m) => m.kind !== "ramp").map((m) => [m.id, ...served.map((k) => perRequest(m, k))]),
    ) +
    "\n"
  );
}

function coldStartSection(r: BenchResult): string {
  if (!r.coldStart) return "";
  return (
    `\n## Cold start (process start to ready: consuming its queue / listening and connected)\n\n` +
    table(
      ["Process", "median ms", "runs ms"],
      Object.entries(r.coldStart).map(([k, v]) => [k, v.medianMs, v.ms.join(", ")]),
    ) +
    "\n"
  );
}

function memorySection(r: BenchResult): string {
  const names = [...new Set([...Object.keys(r.rss.atRest ?? {}), ...Object.keys(r.rss.afterLoad ?? {})])];
  const rows = names.map((k) => [
    k,
    r.rss.atRest?.[k] ?? "",
    r.rss.afterLoad?.[k] ?? "",
    r.rss.settled?.[k] ?? "",
    r.rss.settledPrivate?.[k] ?? "",
  ]);
  for (const [k, v] of Object.entries(r.rss.baselinesAfterLoad ?? {})) rows.push([k, "", v, "", ""]);
  if (!rows.length) return "";
  return (
    `\n## Memory (RSS in MB; postgres = PSS summed over all its processes)\n\n` +
    "Private: what the process alone holds (USS). RSS also counts the bun executable's pages that every bun process " +
    "maps and shares.\n\n" +
    table(["Process", "at rest", "1 s after the load", "4 s after (settled)", "settled, private"], rows) +
    "\n"
  );
}

export function renderMarkdown(r: BenchResult): string {
  const s = r.settings;
  const ms = r.measurements;
  const targets = table(
    ["Target", "Holds", "Measured"],
    r.targets.map((t) => [t.target, t.holds === null ? "not measured" : t.holds ? "yes" : "**no**", t.measured]),
  );
  const stack =
    r.stack.mode === "started"
      ? `started by the bench (${r.stack.services.join(", ")}, one replica each, and the gateway; ` +
        `${r.stack.startMs} ms to start)`
      : `running at ${r.stack.url}`;
  const notes = [...r.notes, ...ms.filter((m) => m.notes?.length).map((m) => `${m.id}: ${m.notes!.join("; ")}`)];
  return [
    `# WorkUp benchmark, ${r.startedAt.slice(0, 16).replace("T", " ")} UTC${s.quick ? " (quick)" : ""}`,
    "",
    `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GiB; Bun ${r.machine.bun}. ` +
      `Load: autocannon 9 in its own process on ${r.machine.loadGenerator}, on the same cores as the servers.`,
    `Each line: warm-up ${s.warmupS} s, then the median of ${s.runs} runs of ${s.durationS} s. ` +
      "Ratios compare with baselines measured in this same run",
    "((1) bare HTTP, (2) one RabbitMQ request/reply hop, (3) + one Redis GET, " +
      "(4) + one PostgreSQL primary-key SELECT, (5) + one durable single-row INSERT transaction). " +
      "Latency resolution: 1 ms.",
    `Stack: ${stack}.`,
    `Reproduce: \`make bench\` (about ${s.quick ? "2" : "10"} minutes; \`make bench-quick\` for a short run; ` +
      "`BENCH_URL=http://host:8080 make bench` for a running stack).",
    "",
    mainTable(ms),
    "",
    "## Targets",
    "",
    targets,
    r.targets.some((t) => t.holds === false)
      ? "\nWhere the time goes and what would close the gaps: bench/PROFILING.md.\n"
      : "",
    flowSection(ms) + rampSection(ms) + cpuSection(ms) + coldStartSection(r) + memorySection(r),
    notes.length ? "## Notes\n\n" + notes.map((x) => `- ${x}`).join("\n") + "\n" : "",
  ].join("\n");
}

export function writeResults(r: BenchResult, outDir: string): { json: string; markdown: string; latest: string } {
  mkdirSync(outDir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, "-").slice(0, 19);
  const md = renderMarkdown(r);
  const paths = { json: `${outDir}/${stamp}.json`, markdown: `${outDir}/${stamp}.md`, latest: `${outDir}/latest.md` };
  writeFileSync(paths.json, JSON.stringify(r, null, 2) + "\n");
  writeFileSync(paths.markdown, md);
  writeFileSync(paths.latest, md);
  return paths;
}
