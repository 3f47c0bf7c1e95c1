// Loading a command patch: a bundled, self-contained ES module sent with its content hash. It is checked
// (hash, loads, exports a command of the right name and shape, schema compiles, keeps the flags of the version
// it replaces) before anything is swapped. `bun ctl check` runs this same function, so the CLI refuses exactly
// what a replica would.
import { mkdirSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kind } from "@sinclair/typebox";
import type { CommandModule } from "../command.ts";
import { toCommand, versionOf } from "../commandMap.ts";
import { AppError, type ErrorCode } from "../errors.ts";
import { compileValidator } from "../validate.ts";

export const patchDirOf = (service: string) => join(tmpdir(), "workup-patches", service);

/** What a patch must keep of the command it replaces. */
export type CommandContract = Pick<CommandModule, "name" | "write" | "internal">;

export async function loadPatch(
  service: string,
  name: string,
  code: unknown,
  hash: unknown,
  replaces?: CommandContract,
): Promise<CommandModule> {
  if (typeof code !== "string" || !code) throw new Error("the patch has no code");
  const actual = versionOf(code);
  if (actual !== hash) throw new Error(`the patch's content hash is ${actual}, not ${String(hash)}: refused`);
  const file = writePatch(service, name, code, actual);
  let mod: Record<string, unknown>;
  try {
    mod = await import(file);
  } catch (err) {
    throw new Error(`the patch does not load: ${(err as Error).message}`);
  }
  const command = toCommand(mod, name);
  const input = command.input as unknown;
  if (input !== undefined && (typeof input !== "object" || input === null || !(Kind in input)))
    throw new Error("the command's input must be a TypeBox schema");
  try {
    compileValidator(command.input);
  } catch (err) {
    throw new Error(`the command's input schema does not compile: ${(err as Error).message}`);
  }
  if (replaces) keepsFlags(replaces, command);
  return withRuntimeErrors(command);
}

// A write that lost `write: true` would run outside its transaction and deduplication (money moved statement by
// statement, its outbox refused); an internal command that lost `internal` would open to the gateway.
function keepsFlags(current: CommandContract, patch: CommandContract): void {
  for (const flag of ["write", "internal"] as const) {
    if (Boolean(current[flag]) !== Boolean(patch[flag])) {
      const [was, is] = [Boolean(current[flag]), Boolean(patch[flag])];
      throw new Error(`the patch must keep ${flag}: ${was} of ${current.name} (it has ${is}): refused`);
    }
  }
}

// Bun caches a module by path, so each version gets its own file; written then renamed, so a replica
// never imports a half-written file another replica on this machine is writing.
function writePatch(service: string, name: string, code: string, hash: string): string {
  const dir = patchDirOf(service);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${hash}.mjs`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return file;
}

// A bundle carries its own copy of errors.ts: its AppError is another class, so map it back to ours, or a 404
// thrown by a patch would look like a crash. Both steps of a prepared write, and what prepare gave run, pass through.
function withRuntimeErrors(command: CommandModule): CommandModule {
  const { run, prepare } = command;
  const mapped = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (err) {
      throw asRuntimeError(err);
    }
  };
  return {
    ...command,
    run: (ctx, input, prepared) => mapped(() => run.call(command, ctx, input, prepared)),
    ...(prepare ? { prepare: (ctx, input) => mapped(() => prepare.call(command, ctx, input)) } : {}),
  };
}

function asRuntimeError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; message?: unknown; field?: unknown; toWire?: unknown } | null;
  if (e && typeof e.toWire === "function" && typeof e.code === "string") {
    return new AppError(
      e.code as ErrorCode,
      String(e.message ?? ""),
      typeof e.field === "string" ? e.field : undefined,
    );
  }
  return err;
}
