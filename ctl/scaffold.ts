// `bun ctl scaffold <service> <command> [file]`: writes a patch that starts as an exact, working copy of the
// command the replicas run now: the built-in module with its imports rewritten to resolve from the file's
// folder, or the active patch's bundle. A header says what may change and what must not.
import { defineCommand } from "citty";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { CommandContract } from "../svc/runtime/control/patch.ts";
import { builtinCommand, builtinNames, contractOf, type BuiltinCommand } from "./builtin.ts";
import { checkPatch, describeBundle } from "./check.ts";
import { ctlConfig, serviceArg, timeoutArg, UsageError } from "./config.ts";
import { relocateImports } from "./relocate.ts";
import { runningVersions, type Running, type RunningVersion } from "./running.ts";

interface Origin {
  code: string;
  from: string;
  bundled: boolean;
  contract: CommandContract;
}

export const scaffold = defineCommand({
  meta: {
    name: "scaffold",
    description: "Write a patch file: a working copy of the command running now, ready to edit",
  },
  args: {
    service: { type: "positional", required: true, description: "users, jobs, contracts or payments" },
    command: { type: "positional", required: true, description: "command name" },
    file: { type: "positional", required: false, description: "where to write it (default ./<command>.patch.ts)" },
    force: { type: "boolean", description: "overwrite the file if it exists" },
    timeout: { type: "string", description: "milliseconds to wait for the replicas' answers (CTL_TIMEOUT_MS)" },
  },
  async run({ args }) {
    const cfg = ctlConfig();
    const service = serviceArg(args.service);
    const command = args.command;
    const file = args.file ?? `${command}.patch.ts`;
    const out = resolve(file);
    if (existsSync(out) && !args.force) throw new UsageError(`${file} already exists; add --force to overwrite it`);
    const folder = dirname(out);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`no such folder: ${folder}`);

    const builtin = builtinCommand(service, command);
    const running = await runningVersions(cfg, service, command, timeoutArg(cfg, args.timeout));
    if (!builtin && !running.versions.length) {
      const names = builtinNames(service).join(", ");
      throw new UsageError(`${service} has no command "${command}"; its commands are ${names}`);
    }
    for (const note of notes(service, command, running)) console.error(note);
    const origin = await originOf(command, builtin, running.versions[0], folder);
    writeFileSync(out, header(service, command, file, origin) + origin.code, { flag: args.force ? "w" : "wx" });
    // A copy that does not pass the replicas' checks is not left behind (a rerun would need --force).
    const bundle = await checkPatch(service, command, file, { timeoutMs: timeoutArg(cfg, args.timeout) }).catch(
      (err: unknown) => {
        rmSync(out, { force: true });
        throw err;
      },
    );
    console.log(`wrote ${file}: ${service} ${command} from ${origin.from}; check ok, ${describeBundle(bundle)}`);
  },
});

/** The code to start from: what most replicas run; the built-in module when no replica answers. */
async function originOf(
  command: string,
  builtin: BuiltinCommand | null,
  running: RunningVersion | undefined,
  toDir: string,
): Promise<Origin> {
  const flags = running && { name: command, write: running.write, internal: running.internal };
  if (running?.source === "patch") {
    if (!running.code) throw new Error(`the replicas did not send the code of patch ${running.version}`);
    const from = `the active patch (version ${running.version})`;
    return { code: running.code, from, bundled: true, contract: flags! };
  }
  if (!builtin) throw new Error(`the replicas run a built-in ${command} that this checkout does not have`);
  const contract = { ...(await contractOf(builtin)), ...flags };
  // A replica that runs another built-in version (another release) sent its source: copy that one.
  const theirs = running && running.version !== builtin.version && running.code ? running.code : null;
  const code = relocateImports(theirs ?? builtin.source, dirname(builtin.path), toDir);
  const from = `${builtin.shownPath} (built-in, version ${running?.version ?? builtin.version})`;
  return { code, from, bundled: false, contract };
}

function notes(service: string, command: string, running: Running): string[] {
  const out: string[] = [];
  const [first, ...others] = running.versions;
  if (!first) out.push(`note: no replica of ${service} answered; copying the built-in module`);
  if (others.length) {
    const list = running.versions.map((v) => `${v.version} (${v.source}) on ${v.instances.join(", ")}`).join("; ");
    out.push(`warning: the replicas disagree: ${list}; copying ${first.version} (bun ctl diff ${service} ${command})`);
  }
  if (first?.deleted) out.push(`note: ${command} is deleted now; addCommand ${service} ${command} <file> serves it`);
  return out;
}

function header(service: string, command: string, file: string, o: Origin): string {
  const flags = `write: ${Boolean(o.contract.write)}, internal: ${Boolean(o.contract.internal)}`;
  return [
    ...(o.bundled ? ["// @ts-nocheck: bundled JavaScript"] : []),
    `// Hot-swap patch of ${service} ${command}, written by \`bun ctl scaffold\`.`,
    `// Copied from ${o.from}.`,
    o.bundled
      ? `// It is the bundle the replicas run (every import inlined): the command object is at the end ("${command}").`
      : "// Imports are relative to this file's folder; sending bundles the file and all it imports into one module.",
    "// You may change: the body of run(ctx, input), and the input schema within the command's contract (requests from",
    "//   the gateway are validated first against the built-in schema, so a wider one receives nothing more).",
    `// You must not change: name "${command}", ${flags}. Replicas refuse a patch that does.`,
    `// Next: bun ctl check ${service} ${command} ${file}   then   bun ctl updateCommand ${service} ${command} ${file}`,
    `// Undo:  bun ctl rollbackCommand ${service} ${command}`,
    "",
  ].join("\n");
}
