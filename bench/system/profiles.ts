// Bun's CPU profiler for the stack's processes (BUN_OPTIONS reaches every `bun` the stack spawns); each
// process writes a markdown profile when it exits, renamed here after the process it came from.
import { mkdirSync, readdirSync, renameSync } from "node:fs";
import type { Stack } from "../../tests/support/stack.ts";

export function profilerEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return { BUN_OPTIONS: `--cpu-prof-md --cpu-prof-dir=${dir}` };
}

/** Rename CPU.<date>.<time>.<pid>.*.md to <process>.md; the paths of the profiles found. */
export function nameProfiles(dir: string, stack: Stack): string[] {
  const names = new Map(stack.procs.map((p) => [String(p.proc.pid), p.name]));
  const out: string[] = [];
  for (const file of readdirSync(dir)) {
    const pid = file.split(".")[3];
    const name = pid && names.get(pid);
    if (!name) continue;
    renameSync(`${dir}/${file}`, `${dir}/${name}.md`);
    out.push(`${dir}/${name}.md`);
  }
  return out;
}
