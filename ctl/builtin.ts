// The built-in command modules a service starts with (svc/<service>/commands/<command>.ts): what a patch is
// checked against, scaffolded from and compared with.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { toCommand, versionOf } from "../svc/runtime/commandMap.ts";
import type { CommandContract } from "../svc/runtime/control/patch.ts";

export const repoRoot = new URL("../", import.meta.url).pathname;

export interface BuiltinCommand {
  service: string;
  name: string;
  /** Absolute path of the module. */
  path: string;
  /** Path from the repository root, for messages. */
  shownPath: string;
  source: string;
  /** The version a replica reports for it: the hash of the file. */
  version: string;
}

const commandsDir = (service: string) => join(repoRoot, "svc", service, "commands");

export function builtinNames(service: string): string[] {
  const dir = commandsDir(service);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The built-in module of a command, or null when the service has none of that name. */
export function builtinCommand(service: string, name: string): BuiltinCommand | null {
  if (!builtinNames(service).includes(name)) return null;
  const shownPath = `svc/${service}/commands/${name}.ts`;
  const path = join(repoRoot, shownPath);
  const source = readFileSync(path, "utf8");
  return { service, name, path, shownPath, source, version: versionOf(source) };
}

/** What a patch of this built-in command must keep: its name and flags. */
export async function contractOf(builtin: BuiltinCommand): Promise<CommandContract> {
  const { name, write, internal } = toCommand(await import(builtin.path), builtin.name);
  return { name, write: Boolean(write), internal: Boolean(internal) };
}
