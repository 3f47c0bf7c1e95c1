// Bun's CPU profiler for the stack's processes (BUN_OPTIONS reaches every `bun` the stack spawns); each process
// writes its profile (Chrome's .cpuprofile JSON) when it exits. Here each is renamed after its process and summed up
// by function beside it (profileSummary.ts): <process>.cpuprofile to open in a profiler UI, <process>.md to read.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Stack } from "../../tests/support/stack.ts";
import { profileMarkdown, summarizeProfile } from "./profileSummary.ts";

export function profilerEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return { BUN_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` };
}

/** Rename CPU.<date>.<time>.<pid>.*.cpuprofile to <process>.cpuprofile and summarize it; the summaries' paths. */
export function nameProfiles(dir: string, stack: Stack): string[] {
  const names = new Map(stack.procs.map((p) => [String(p.proc.pid), p.name]));
  const out: string[] = [];
  for (const file of readdirSync(dir)) {
    const pid = file.split(".")[3];
    const name = pid && names.get(pid);
    if (!name || !file.endsWith(".cpuprofile")) continue;
    const profile = `${dir}/${name}.cpuprofile`;
    renameSync(`${dir}/${file}`, profile);
    const summary = `${dir}/${name}.md`;
    writeFileSync(summary, profileMarkdown(name, summarizeProfile(JSON.parse(readFileSync(profile, "utf8")))));
    out.push(summary);
  }
  return out;
}
