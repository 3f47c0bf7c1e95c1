// Keeps `make up`'s processes running the way a Swarm restart policy would: a process that exits without being
// asked to is started again after a growing delay (backoff.ts) and the others carry on; a crash is reported with
// its exit code and last lines. stop() asks one process to end: SIGTERM, then SIGKILL after the grace period.
import type { Subprocess } from "bun";
import { nextRestart, type RestartState } from "./backoff.ts";
import type { Output } from "./output.ts";

export interface ProcessSpec {
  /** Instance name: the log prefix and the process's WORKUP_INSTANCE. */
  name: string;
  entry: string;
  env: Record<string, string | undefined>;
}

interface Unit {
  spec: ProcessSpec;
  proc: Subprocess<"ignore", "pipe", "pipe"> | null;
  startedAt: number;
  restart: RestartState;
  pending: ReturnType<typeof setTimeout> | null;
  stopping: Promise<void> | null;
  tail: string[];
}

export interface Supervisor {
  start(spec: ProcessSpec): void;
  /** Ends one process for good (it is not restarted); resolves once it has exited. */
  stop(name: string): Promise<void>;
  /** Stops every process, group after group (names not in a group go last); nothing is restarted any more. */
  stopAll(groups: string[][]): Promise<void>;
  /** SIGKILL whatever still runs: the launcher's last resort when it exits abnormally. */
  killAll(): void;
  names(): string[];
  /** The pid of a running process (null between a crash and its restart). */
  pid(name: string): number | null;
}

/** The last error line a process printed (Bun's `error: ...` of an uncaught exception, a logged error). */
function causeOf(tail: string[]): string {
  const line = tail.findLast((l) => /\b(error|[A-Za-z]*Error)\b["]?:|"level":"(error|fatal)"/.test(l));
  return line ? `: ${line.trim().slice(0, 200)}` : "";
}

export function supervisor(opts: { cwd: string; output: Output; stopGraceMs: number }): Supervisor {
  const units = new Map<string, Unit>();
  const { output } = opts;
  let closing = false;

  function spawn(unit: Unit) {
    unit.pending = null;
    unit.tail = [];
    unit.startedAt = Date.now();
    // Its own process group: Ctrl-C reaches the launcher only, which stops everything in order.
    const proc = Bun.spawn([process.execPath, unit.spec.entry], {
      cwd: opts.cwd,
      env: { ...unit.spec.env, WORKUP_PARENT_PID: String(process.pid) }, // ends with us (svc/runtime/parentWatch.ts)
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      detached: true,
    });
    unit.proc = proc;
    const drained = Promise.all([
      output.pipe(unit.spec.name, proc.stdout, unit.tail),
      output.pipe(unit.spec.name, proc.stderr, unit.tail),
    ]).catch(() => {});
    // The report waits for the last lines, which may arrive after the exit itself (not for ever: a grandchild
    // could hold the pipes open).
    void proc.exited.then(() => Promise.race([drained, Bun.sleep(2000)])).then(() => exited(unit, proc));
    output.say(`${unit.spec.name} ${unit.restart.failures ? "restarted" : "started"} (pid ${proc.pid})`);
  }

  function exited(unit: Unit, proc: Subprocess) {
    if (unit.proc === proc) unit.proc = null;
    if (closing || unit.stopping) return;
    const ranMs = Date.now() - unit.startedAt;
    const { delayMs, state } = nextRestart(unit.restart, ranMs);
    unit.restart = state;
    const how = proc.signalCode ? `was killed by ${proc.signalCode}` : `exited with code ${proc.exitCode}`;
    const loop = state.failures >= 3 ? `crash loop: ${state.failures} exits in a row; ` : "";
    const cause = proc.signalCode ? "" : causeOf(unit.tail);
    output.say(
      `${unit.spec.name} (pid ${proc.pid}) ${how} after ${(ranMs / 1000).toFixed(1)} s${cause}; ` +
        `${loop}restarting in ${delayMs / 1000} s`,
    );
    if (!proc.signalCode && unit.tail.length) {
      output.say(
        `${unit.spec.name}'s last lines:\n${unit.tail
          .slice(-8)
          .map((l) => `    ${l}`)
          .join("\n")}`,
      );
    }
    unit.pending = setTimeout(() => {
      if (closing || unit.stopping) return;
      spawn(unit);
    }, delayMs);
  }

  function stop(name: string): Promise<void> {
    const unit = units.get(name);
    if (!unit) return Promise.resolve();
    unit.stopping ??= (async () => {
      if (unit.pending) clearTimeout(unit.pending);
      const proc = unit.proc;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        const killer = setTimeout(() => {
          output.say(`${name} did not stop within ${opts.stopGraceMs} ms: SIGKILL`);
          proc.kill("SIGKILL");
        }, opts.stopGraceMs);
        await proc.exited;
        clearTimeout(killer);
      }
      units.delete(name);
    })();
    return unit.stopping;
  }

  return {
    start(spec) {
      if (closing) return;
      if (units.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
      const unit: Unit = {
        spec,
        proc: null,
        startedAt: 0,
        restart: { failures: 0 },
        pending: null,
        stopping: null,
        tail: [],
      };
      units.set(spec.name, unit);
      spawn(unit);
    },
    stop,
    async stopAll(groups) {
      closing = true;
      const grouped = new Set(groups.flat());
      for (const group of [...groups, [...units.keys()].filter((n) => !grouped.has(n))]) {
        await Promise.all(group.map(stop));
      }
    },
    killAll() {
      for (const unit of units.values()) unit.proc?.kill("SIGKILL");
    },
    names: () => [...units.keys()],
    pid: (name) => units.get(name)?.proc?.pid ?? null,
  };
}
