// `bun ctl diff <service> <command> [file]`: what each replica runs for a command, against the built-in module
// (or a file), as a unified diff per distinct version, so an operator sees what is live and whether replicas
// disagree. Compared as bundles, the form a replica loads (a patch exists only as its bundle); a replica's
// built-in version that differs from this checkout's is compared as source.
import { defineCommand } from "citty";
import { readFileSync } from "node:fs";
import { builtinCommand, builtinNames } from "./builtin.ts";
import { bundlePatch } from "./bundle.ts";
import { ctlConfig, serviceArg, timeoutArg, UsageError } from "./config.ts";
import { unifiedDiff } from "./lineDiff.ts";
import { runningVersions, type RunningVersion } from "./running.ts";

interface Reference {
  label: string;
  version: string;
  source: string;
  bundle: () => Promise<string>;
}

export const diff = defineCommand({
  meta: { name: "diff", description: "What each replica runs for a command, against the built-in module or a file" },
  args: {
    service: { type: "positional", required: true, description: "users, jobs, contracts or payments" },
    command: { type: "positional", required: true, description: "command name" },
    file: { type: "positional", required: false, description: "compare with this patch file instead of the built-in" },
    timeout: { type: "string", description: "milliseconds to wait for the replicas' answers (CTL_TIMEOUT_MS)" },
  },
  async run({ args }) {
    const cfg = ctlConfig();
    const service = serviceArg(args.service);
    const command = args.command;
    const fromFile = args.file ? await fileReference(args.file) : null;
    const running = await runningVersions(cfg, service, command, timeoutArg(cfg, args.timeout));
    if (running.unknown || (!running.versions.length && !builtinCommand(service, command))) {
      throw new UsageError(unknownCommand(service, command));
    }
    const reference = fromFile ?? builtinReference(service, command);

    const builtinBundle = once(() => bundlePatch(builtinCommand(service, command)!.path).then((b) => b.code));
    for (const v of running.versions) console.log(await compared(service, command, v, reference, builtinBundle));
    const replicas = running.versions.reduce((n, v) => n + v.instances.length, 0);
    const count = running.versions.length;
    if (count > 1) console.log(`replicas disagree: ${count} versions on ${replicas} replicas`);
    else if (count) console.log(`all ${replicas} replica(s) run version ${running.versions[0].version}`);
    const problems = running.outcome.problems.filter((p) => !p.startsWith("warning"));
    for (const p of running.outcome.problems) console.error(p);
    for (const r of running.outcome.replies.filter((r) => !r.ok)) console.error(`${r.instance}: ${r.error}`);
    process.exitCode = problems.length ? 1 : 0;
  },
});

async function compared(
  service: string,
  command: string,
  v: RunningVersion,
  ref: Reference,
  builtinBundle: () => Promise<string>,
): Promise<string> {
  const state = `version ${v.version}, ${v.source}${v.deleted ? ", deleted" : ""}`;
  const where = `running on ${v.instances.join(", ")} (${state})`;
  const title = `${service} ${command} ${where}`;
  if (v.version === ref.version) return `${title}: same as ${ref.label}\n`;
  const builtin = builtinCommand(service, command);
  let ours: string, theirs: string;
  if (v.source === "patch" && v.code) [ours, theirs] = [await ref.bundle(), v.code];
  else if (v.source === "builtin" && v.version === builtin?.version) {
    [ours, theirs] = [await ref.bundle(), await builtinBundle()];
  } else if (v.code)
    [ours, theirs] = [ref.source, v.code]; // another release's built-in: only its source is known
  else return `${title}: its code is not available (its built-in file changed on disk after it started)\n`;
  return `${title}:\n${unifiedDiff(ours, theirs, `${ref.label} (version ${ref.version})`, where)}`;
}

function builtinReference(service: string, command: string): Reference {
  const builtin = builtinCommand(service, command);
  if (!builtin) throw new UsageError(`${service} ${command} has no built-in module: give a file to compare with`);
  const bundle = once(() => bundlePatch(builtin.path).then((b) => b.code));
  return { label: `built-in ${builtin.shownPath}`, version: builtin.version, source: builtin.source, bundle };
}

async function fileReference(file: string): Promise<Reference> {
  const bundle = await bundlePatch(file);
  return { label: file, version: bundle.hash, source: readFileSync(file, "utf8"), bundle: async () => bundle.code };
}

const unknownCommand = (service: string, command: string) =>
  `${service} has no command "${command}"; its commands are ${builtinNames(service).join(", ")}`;

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= make());
}
