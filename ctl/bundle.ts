// A command patch becomes one self-contained ES module (Bun never reloads a changed transitive import, so
// nothing may be left to import), identified by its content hash.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { versionOf } from "../svc/runtime/commandMap.ts";
import { UsageError } from "./config.ts";

export interface Bundle { code: string; hash: string; bytes: number }

export async function bundlePatch(file: string): Promise<Bundle> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
  let result: Awaited<ReturnType<typeof Bun.build>>;
  try {
    result = await Bun.build({ entrypoints: [path], target: "bun", format: "esm", throw: false } as Parameters<typeof Bun.build>[0]);
  } catch (err) {
    throw new Error(`${file} does not compile: ${(err as Error).message}`);
  }
  if (!result.success || result.outputs.length !== 1) {
    const why = result.logs.map((l) => String(l.message ?? l)).join("; ") || "the bundler produced no single module";
    throw new Error(`${file} does not compile: ${why}`);
  }
  const code = await result.outputs[0].text();
  return { code, hash: versionOf(code), bytes: Buffer.byteLength(code) };
}
