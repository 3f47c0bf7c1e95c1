// A command patch becomes one self-contained ES module (Bun never reloads a changed transitive import, so
// nothing may be left to import), identified by its content hash. The same file gives the same bundle and hash
// wherever ctl runs from, so `bun ctl check`, `diff` and the replicas' version column agree.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { versionOf } from "../svc/runtime/commandMap.ts";
import { repoRoot } from "./builtin.ts";
import { UsageError } from "./config.ts";

export interface Bundle {
  code: string;
  hash: string;
  bytes: number;
}

export async function bundlePatch(file: string): Promise<Bundle> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
  let result: Awaited<ReturnType<typeof Bun.build>>;
  // Bun names each inlined module by its path from the working directory: build from the repository root.
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const options = { entrypoints: [path], target: "bun", format: "esm", throw: false };
    result = await Bun.build(options as Parameters<typeof Bun.build>[0]);
  } catch (err) {
    throw new Error(`${file} does not compile: ${firstLine((err as Error).message)}`);
  } finally {
    process.chdir(cwd);
  }
  if (!result.success || result.outputs.length !== 1) {
    const why = result.logs.map((l) => described(l, path)).join("; ") || "the bundler produced no single module";
    throw new Error(`${file} does not compile: ${why}`);
  }
  const code = await result.outputs[0].text();
  return { code, hash: versionOf(code), bytes: Buffer.byteLength(code) };
}

const firstLine = (text: string) => text.split("\n")[0];

type BuildLog = { message?: unknown; position?: { file?: string; line?: number; column?: number } | null };
// "Unexpected } at line 6:3 of patch.ts": where, as well as what.
function described(log: unknown, entry: string): string {
  const { message, position } = log as BuildLog;
  const what = firstLine(String(message ?? log));
  if (!position?.line) return what;
  const where = position.file && position.file !== entry ? ` of ${relative(process.cwd(), position.file)}` : "";
  return `${what} at line ${position.line}:${position.column ?? 0}${where}`;
}
