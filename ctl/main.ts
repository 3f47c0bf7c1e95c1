// The controller: `bun ctl <command> <service> [args] [--timeout ms] [--expect n] [--json]` (also `make ctl ARGS=...`).
// Each command is a signed message on the fanout exchange controller_<service>; every replica answers, the CLI
// prints one row per replica and exits non-zero if one failed or an expected replica did not answer.
import { defineCommand, runMain, type ArgsDef, type CommandDef } from "citty";
import { check, checkPatch, describeBundle } from "./check.ts";
import { diff } from "./diff.ts";
import { scaffold } from "./scaffold.ts";
import { ctlConfig, positiveInt, serviceArg, timeoutArg, UsageError } from "./config.ts";
import { renderOutcome } from "./report.ts";
import { sendControl } from "./send.ts";
import { spawnMachine } from "./spawn/command.ts";

const common = {
  service: { type: "positional", required: true, description: "users, jobs, contracts or payments" },
  timeout: {
    type: "string",
    description: "milliseconds to wait for the replicas' answers (CTL_TIMEOUT_MS, default 10000)",
  },
  expect: {
    type: "string",
    description:
      "fail unless at least this many replicas answer (default: every replica bound to the control exchange)",
  },
  json: { type: "boolean", description: "print the answers as JSON" },
} as const satisfies ArgsDef;

type Parsed = Record<string, string | boolean | string[] | undefined>;

/** One CLI command per control operation: its own positional arguments and how they become the message args. */
function controlCommand(
  op: string,
  description: string,
  extra: ArgsDef,
  toArgs: (a: Parsed) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({}),
): CommandDef<any> {
  return defineCommand({
    meta: { name: op, description },
    args: { ...common, ...extra },
    async run({ args }) {
      const a = args as unknown as Parsed;
      const cfg = ctlConfig();
      const service = serviceArg(String(a.service));
      const outcome = await sendControl(cfg, service, op, await toArgs(a), {
        timeoutMs: timeoutArg(cfg, a.timeout),
        expect: a.expect === undefined ? null : positiveInt(a.expect, "--expect"),
      });
      console.log(a.json ? JSON.stringify(outcome, null, 2) : renderOutcome(outcome));
      process.exitCode = outcome.ok ? 0 : 1;
    },
  });
}

const positional = (description: string, required = true) => ({ type: "positional", required, description }) as const;

// The same checks as `bun ctl check` first: a patch they refuse is never sent.
async function patchArgs(a: Parsed, mayBeNew = false) {
  const [service, command, file] = [serviceArg(String(a.service)), String(a.command), String(a.file)];
  const bundle = await checkPatch(service, command, file, { mayBeNew, timeoutMs: timeoutArg(ctlConfig(), a.timeout) });
  console.error(`checked ${file}: ${describeBundle(bundle)}`);
  return { command, code: bundle.code, hash: bundle.hash };
}

const subCommands: Record<string, CommandDef<any>> = {
  status: controlCommand(
    "status",
    "Every live replica: instance, host, pid, uptime, frozen, limits, log level, in-flight, command versions",
    {},
  ),
  setMaxThreads: controlCommand(
    "setMaxThreads",
    "Concurrency limit of each replica (in-flight messages: prefetch and in-process limit)",
    { n: positional("the new limit") },
    (a) => ({ n: positiveInt(a.n, "n") }),
  ),
  setMaxDbConnections: controlCommand(
    "setMaxDbConnections",
    "Database pool size of each replica, resized live",
    { n: positional("the new pool size") },
    (a) => ({ n: positiveInt(a.n, "n") }),
  ),
  setLoggingLevel: controlCommand(
    "setLoggingLevel",
    "Log level: trace, debug, info, warn, error, fatal or off",
    { level: positional("the level") },
    (a) => ({ level: String(a.level) }),
  ),
  freeze: controlCommand(
    "freeze",
    "Stop taking messages, finish the in-flight ones, release database and cache connections",
    {},
  ),
  start: controlCommand("start", "Reconnect and consume again after a freeze", {}),
  deleteCommand: controlCommand(
    "deleteCommand",
    "Stop serving a command (callers get a clear error)",
    { command: positional("command name") },
    (a) => ({ command: String(a.command) }),
  ),
  addCommand: controlCommand(
    "addCommand",
    "Serve a deleted command again, from its built-in module or from a file",
    { command: positional("command name"), file: positional("a .ts module exporting the command (optional)", false) },
    (a) => (a.file ? patchArgs(a, true) : { command: String(a.command) }),
  ),
  updateCommand: controlCommand(
    "updateCommand",
    "Hot-swap a command: bundle the file, every replica validates it, then swaps",
    { command: positional("command name"), file: positional("a .ts module exporting the command") },
    (a) => patchArgs(a),
  ),
  rollbackCommand: controlCommand(
    "rollbackCommand",
    "Restore a command's previous version",
    { command: positional("command name") },
    (a) => ({ command: String(a.command) }),
  ),
  scaffold,
  check,
  diff,
  spawnMachine,
};

// Failures print one line, not a stack trace: exit 2 for a wrong command line, 1 for anything else.
function fail(err: unknown): never {
  console.error(`error: ${(err as Error)?.message ?? String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
}
const guarded = (cmd: CommandDef<any>): CommandDef<any> => ({
  ...cmd,
  run: (ctx) => Promise.resolve(cmd.run?.(ctx)).catch(fail),
});

await runMain(
  defineCommand({
    meta: { name: "ctl", description: "WorkUp controller: change running services without downtime" },
    subCommands: Object.fromEntries(Object.entries(subCommands).map(([k, c]) => [k, guarded(c)])),
  }),
);
