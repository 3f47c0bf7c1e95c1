// `bun ctl check <service> <command> <file>`: every check a replica runs on a patch (it bundles into one module,
// loads, exports a command of that name with run(ctx, input), its input schema compiles, it keeps the command's
// write and internal flags), with the replicas' own function, and nothing sent. updateCommand and addCommand
// run it before sending, so a refused patch changes no replica.
import { defineCommand } from "citty";
import { loadPatch, type CommandContract } from "../svc/runtime/control/patch.ts";
import { builtinCommand, builtinNames, contractOf } from "./builtin.ts";
import { bundlePatch, type Bundle } from "./bundle.ts";
import { ctlConfig, serviceArg, timeoutArg, UsageError } from "./config.ts";
import { runningVersions } from "./running.ts";

export interface CheckOptions {
  /** Asked only for a command without a built-in module (one added from a file): what the replicas run. */
  timeoutMs?: number;
  /** addCommand may bring a command the service does not have yet. */
  mayBeNew?: boolean;
}

export async function checkPatch(
  service: string,
  command: string,
  file: string,
  opts: CheckOptions = {},
): Promise<Bundle> {
  const contract = await contractFor(service, command, opts);
  const bundle = await bundlePatch(file);
  try {
    await loadPatch(service, command, bundle.code, bundle.hash, contract ?? undefined);
  } catch (err) {
    const why = (err as Error).message.split("\n")[0].replace(/: refused$/, "");
    throw new Error(`${file} refused: ${why}`);
  }
  return bundle;
}

export const describeBundle = (b: Bundle) => `bundle ${(b.bytes / 1024).toFixed(1)} KiB, version ${b.hash}`;

/** The name and flags a patch must keep: the built-in module's, else those of the version the replicas run. */
async function contractFor(service: string, command: string, opts: CheckOptions): Promise<CommandContract | null> {
  const builtin = builtinCommand(service, command);
  if (builtin) return contractOf(builtin);
  const cfg = ctlConfig();
  const running = await runningVersions(cfg, service, command, opts.timeoutMs ?? cfg.timeoutMs);
  const served = running.versions[0];
  if (served) return { name: command, write: served.write, internal: served.internal };
  if (opts.mayBeNew) return null;
  throw new UsageError(`${service} has no command "${command}"; its commands are ${builtinNames(service).join(", ")}`);
}

export const check = defineCommand({
  meta: {
    name: "check",
    description: "Check a patch as every replica would (bundle, exports, name, flags, schema); sends nothing",
  },
  args: {
    service: { type: "positional", required: true, description: "users, jobs, contracts or payments" },
    command: { type: "positional", required: true, description: "command name" },
    file: { type: "positional", required: true, description: "the patch: a .ts module exporting the command" },
    timeout: { type: "string", description: "ms to wait for the replicas (asked about a command not built in)" },
  },
  async run({ args }) {
    const service = serviceArg(args.service);
    const timeoutMs = timeoutArg(ctlConfig(), args.timeout);
    const bundle = await checkPatch(service, args.command, args.file, { timeoutMs });
    console.log(`ok: ${args.file} is a valid patch of ${service} ${args.command}: ${describeBundle(bundle)}`);
  },
});
