// The command map: name -> current module, its version hash, and the previous version for rollback.
// Swapping replaces one reference; requests already running keep the module they started with.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "./command.ts";
import { compileValidator, type Validator } from "./validate.ts";

export interface CommandEntry {
  name: string;
  module: CommandModule;
  validate: Validator;
  version: string;
  source: "builtin" | "patch";
  /** A patch's bundled source, kept so the controller can store the override durably. */
  code?: string;
  previous?: CommandEntry;
}

export const versionOf = (code: string | Uint8Array) =>
  new Bun.CryptoHasher("sha256").update(code).digest("hex").slice(0, 16);

/** Checks that a loaded module is a command: a run function, a matching name, a compilable schema. */
export function toCommand(mod: Record<string, unknown>, expectedName?: string): CommandModule {
  const c = (mod.default ?? mod) as Partial<CommandModule>;
  if (typeof c.run !== "function") throw new Error("the module must export a command with a run(ctx, input) function");
  if (c.run.length > 3) throw new Error("run must take (ctx, input) or (ctx, input, prepared)");
  const name = c.name ?? expectedName;
  if (!name || typeof name !== "string") throw new Error("the command must have a name");
  if (expectedName && name !== expectedName) throw new Error(`the module is command "${name}", not "${expectedName}"`);
  return { ...c, name } as CommandModule;
}

export class CommandMap {
  private entries = new Map<string, CommandEntry>();
  /** Built-in modules, kept so a deleted command can be added back. */
  private builtins = new Map<string, CommandEntry>();
  private disabled = new Map<string, CommandEntry>();

  /** Told after every change of what a command runs (the service then has the gateways drop its cached answers). */
  onChange: (name: string) => void = () => {};

  constructor(readonly dir: string) {}

  async loadBuiltins(): Promise<void> {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .sort();
    for (const file of files) {
      const path = join(this.dir, file);
      const expected = file.replace(/\.ts$/, "");
      const module = toCommand(await import(path), expected);
      const entry: CommandEntry = {
        name: module.name,
        module,
        validate: compileValidator(module.input),
        version: versionOf(readFileSync(path)),
        source: "builtin",
      };
      this.entries.set(entry.name, entry);
      this.builtins.set(entry.name, entry);
    }
  }

  get(name: string): CommandEntry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  knows(name: string): boolean {
    return this.entries.has(name) || this.builtins.has(name) || this.disabled.has(name);
  }

  /** Install a new version; the current one becomes `previous` (two versions kept, as Erlang does). */
  replace(module: CommandModule, version: string, code?: string): CommandEntry {
    const current = this.entries.get(module.name) ?? this.disabled.get(module.name);
    const entry: CommandEntry = {
      name: module.name,
      module,
      validate: compileValidator(module.input),
      version,
      source: "patch",
      code,
      previous: current ? { ...current, previous: undefined } : undefined,
    };
    this.disabled.delete(module.name);
    this.entries.set(module.name, entry);
    this.onChange(module.name);
    return entry;
  }

  rollback(name: string): CommandEntry {
    const current = this.entries.get(name);
    if (!current?.previous) throw new Error(`command "${name}" has no previous version`);
    const restored: CommandEntry = { ...current.previous, previous: { ...current, previous: undefined } };
    this.entries.set(name, restored);
    this.onChange(name);
    return restored;
  }

  delete(name: string): void {
    const current = this.entries.get(name);
    if (!current) throw new Error(`command "${name}" is not served`);
    this.entries.delete(name);
    this.disabled.set(name, current);
    this.onChange(name);
  }

  /** Serve a deleted command again: the version it had, else the built-in one. */
  addBack(name: string): CommandEntry {
    if (this.entries.has(name)) return this.entries.get(name)!;
    const entry = this.disabled.get(name) ?? this.builtins.get(name);
    if (!entry) throw new Error(`command "${name}" is unknown; give a file to add it`);
    this.disabled.delete(name);
    this.entries.set(name, entry);
    this.onChange(name);
    return entry;
  }

  /** Back to the state at start-up: the built-in version (no previous), or not served when there is none. */
  reset(name: string): void {
    this.disabled.delete(name);
    const builtin = this.builtins.get(name);
    if (builtin) this.entries.set(name, builtin);
    else this.entries.delete(name);
    this.onChange(name);
  }

  /** The entry of a command, served or deleted. */
  lookup(name: string): { entry: CommandEntry; deleted: boolean } | undefined {
    const served = this.entries.get(name);
    if (served) return { entry: served, deleted: false };
    const disabled = this.disabled.get(name);
    return disabled ? { entry: disabled, deleted: true } : undefined;
  }

  /** Commands deleted by the controller (known, not served). */
  deletedNames(): string[] {
    return [...this.disabled.keys()].sort();
  }

  versions(): Record<string, { version: string; source: string; previous?: string }> {
    const out: Record<string, { version: string; source: string; previous?: string }> = {};
    for (const [name, e] of [...this.entries].sort())
      out[name] = { version: e.version, source: e.source, ...(e.previous ? { previous: e.previous.version } : {}) };
    return out;
  }
}
