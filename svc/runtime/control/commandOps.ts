// Command operations: delete, add back (built-in or from a patch), update (hot swap) and roll back.
// The resulting state of the command is stored durably as a snapshot: deleted or not, current and previous
// version (built-in, or a patch with its code), which restoreCommand rebuilds on a replica that starts later.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { versionOf, type CommandEntry } from "../commandMap.ts";
import type { Replica } from "../replica.ts";
import { textArg } from "./args.ts";
import { loadPatch } from "./patch.ts";
import { commandKey, type OverrideStore } from "./overrides.ts";
import type { ControlOp } from "./plane.ts";

type VersionRef = { source: "builtin"; version: string } | { source: "patch"; version: string; code: string };
export interface CommandSnapshot {
  deleted: boolean;
  current: VersionRef;
  previous?: VersionRef;
}

const refOf = (e: CommandEntry): VersionRef =>
  e.source === "patch" && e.code !== undefined
    ? { source: "patch", version: e.version, code: e.code }
    : { source: "builtin", version: e.version };

function snapshotOf(r: Replica, name: string): CommandSnapshot {
  const found = r.commands.lookup(name);
  if (!found) throw new Error(`command "${name}" is unknown`);
  const { entry, deleted } = found;
  return { deleted, current: refOf(entry), ...(entry.previous ? { previous: refOf(entry.previous) } : {}) };
}

async function install(r: Replica, name: string, code: unknown, hash: unknown): Promise<CommandEntry> {
  const current = r.commands.lookup(name);
  if (current && !current.deleted && current.entry.version === hash) return current.entry; // already this version
  const module = await loadPatch(r.service, name, code, hash, current?.entry.module);
  return r.commands.replace(module, String(hash), String(code));
}

const sameState = (a: CommandSnapshot, b: CommandSnapshot) =>
  a.deleted === b.deleted && a.current.version === b.current.version && a.previous?.version === b.previous?.version;

/** Bring a running replica's command to its stored snapshot; nothing happens when it is there already. */
export async function syncCommand(r: Replica, name: string, saved: CommandSnapshot): Promise<boolean> {
  if (r.commands.lookup(name) && sameState(snapshotOf(r, name), saved)) return false;
  r.commands.reset(name);
  await restoreCommand(r, name, saved);
  return true;
}

/** Rebuild a command's state from its stored snapshot (start-up). */
export async function restoreCommand(r: Replica, name: string, saved: CommandSnapshot): Promise<void> {
  const { current, previous } = saved;
  if (previous?.source === "patch") await install(r, name, previous.code, previous.version);
  if (current.source === "patch") await install(r, name, current.code, current.version);
  else if (previous?.source === "patch") r.commands.rollback(name); // built-in current, patch kept for rollback
  if (saved.deleted) r.commands.delete(name);
}

/** The code a replica runs for a command: a patch's bundle, or its built-in module's source (null if changed since). */
function codeOf(r: Replica, entry: CommandEntry): string | null {
  if (entry.source === "patch") return entry.code ?? null;
  try {
    const text = readFileSync(join(r.commands.dir, `${entry.name}.ts`), "utf8");
    return versionOf(text) === entry.version ? text : null;
  } catch {
    return null;
  }
}

export interface ShownCommand {
  source: "builtin" | "patch";
  deleted: boolean;
  write: boolean;
  internal: boolean;
  code: string | null;
}

export function commandOps(r: Replica, saved: OverrideStore): Record<string, ControlOp> {
  const done = async (name: string, entry?: CommandEntry) => {
    await saved.put(commandKey(name), snapshotOf(r, name));
    return { version: entry?.version ?? r.commands.lookup(name)?.entry.version };
  };
  return {
    deleteCommand: async (args) => {
      const name = textArg(args, "command");
      r.commands.delete(name);
      return done(name);
    },
    addCommand: async (args) => {
      const name = textArg(args, "command");
      const entry = args.code === undefined ? r.commands.addBack(name) : await install(r, name, args.code, args.hash);
      return done(name, entry);
    },
    updateCommand: async (args) => {
      const name = textArg(args, "command");
      return done(name, await install(r, name, args.code, args.hash));
    },
    showCommand: async (args) => {
      const name = textArg(args, "command");
      const found = r.commands.lookup(name);
      if (!found) throw new Error(`command "${name}" is unknown`);
      const { entry, deleted } = found;
      const { write, internal } = entry.module;
      const shown: ShownCommand = {
        source: entry.source,
        deleted,
        write: Boolean(write),
        internal: Boolean(internal),
        code: codeOf(r, entry),
      };
      return { version: entry.version, detail: shown };
    },
    rollbackCommand: async (args) => {
      const name = textArg(args, "command");
      return done(name, r.commands.rollback(name));
    },
  };
}
