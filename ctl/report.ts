// What the CLI prints for a control operation: one row per replica (and per missing one), the command
// versions for `status`, then the problems that make the exit code non-zero.
import type { ControlOutcome } from "./send.ts";
import { table } from "./table.ts";

interface ReplicaState {
  host: string;
  pid: number;
  uptimeSeconds: number;
  frozen: boolean;
  concurrency: number;
  inFlight: number;
  poolMax: number;
  logLevel: string;
  commands: Record<string, { version: string; source: string; previous?: string }>;
  deletedCommands?: string[];
}

const uptime = (s: number) => (s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`);

export function renderOutcome(o: ControlOutcome): string {
  const out: string[] = [];
  const missingRows = o.missing.map((i) => [i, "MISSING", "no answer"]);
  if (!o.replies.length && !o.missing.length) {
    // nothing to tabulate: only the summary below
  } else if (o.op === "status") {
    const rows = o.replies.map((r) => {
      const s = r.state as ReplicaState | null;
      if (!r.ok || !s) return [r.instance, "-", "-", "-", "-", "-", "-", "-", "-", `FAILED: ${r.error}`];
      return [
        r.instance,
        s.host,
        s.pid,
        uptime(s.uptimeSeconds),
        s.frozen ? "yes" : "no",
        s.concurrency,
        s.poolMax,
        s.logLevel,
        s.inFlight,
        "ok",
      ];
    });
    out.push(
      table(
        ["instance", "host", "pid", "uptime", "frozen", "threads", "pool", "level", "in-flight", "result"],
        [...rows, ...o.missing.map((i) => [i, "-", "-", "-", "-", "-", "-", "-", "-", "MISSING: no answer"])],
      ),
    );
    if (o.replies.some((r) => r.ok)) out.push("", commandTable(o));
  } else {
    const rows = o.replies.map((r) => [r.instance, r.ok ? "ok" : "FAILED", r.ok ? (r.version ?? "") : (r.error ?? "")]);
    out.push(
      table(["instance", "result", /Command$/.test(o.op) ? "version / error" : "error"], [...rows, ...missingRows]),
    );
  }
  if (out.length) out.push("");
  out.push(
    o.ok
      ? `${o.op} ${o.service}: ${o.replies.length} replica(s) answered, all ok`
      : `${o.op} ${o.service} FAILED:\n  ${o.problems.filter((p) => !p.startsWith("warning")).join("\n  ")}`,
  );
  for (const p of o.problems.filter((p) => p.startsWith("warning"))) out.push(p);
  return out.join("\n");
}

// Rows: commands; columns: replicas; a cell is the version hash ("*" marks a patch), so disagreements show.
function commandTable(o: ControlOutcome): string {
  const states = o.replies
    .filter((r) => r.ok && r.state)
    .map((r) => ({ instance: r.instance, s: r.state as ReplicaState }));
  const names = [
    ...new Set(states.flatMap(({ s }) => [...Object.keys(s.commands), ...(s.deletedCommands ?? [])])),
  ].sort();
  const cell = (s: ReplicaState, n: string) => {
    const c = s.commands[n];
    if (c) return `${c.version}${c.source === "patch" ? "*" : ""}`;
    return s.deletedCommands?.includes(n) ? "deleted" : null;
  };
  return (
    table(
      ["command", ...states.map((x) => x.instance)],
      names.map((n) => [n, ...states.map(({ s }) => cell(s, n))]),
    ) + "\n(* = hot-swapped patch)"
  );
}
