// One control cycle: list opted-in services, gather their signals, decide, act (unless dry-run), log.
import { decide, type Decision, type History, type Policy } from "./decide.ts";
import type { Driver } from "./drivers/driver.ts";
import type { Log } from "./log.ts";
import { collectSignals, type SignalSources } from "./signals/collect.ts";

export interface AutoscalerDeps {
  driver: Driver;
  sources: SignalSources;
  policy: Policy;
  log: Log;
  dryRun: boolean;
  clock?: () => number;
  onDecision?: (decision: Decision) => void;
}

export interface Autoscaler {
  cycle(): Promise<Decision[]>;
  /** Runs cycles every intervalMs until the signal aborts; resolves after the last cycle. */
  run(intervalMs: number, stop: AbortSignal): Promise<void>;
  lastCycleAt(): number | null;
}

export function autoscaler(deps: AutoscalerDeps): Autoscaler {
  const clock = deps.clock ?? Date.now;
  const histories = new Map<string, History>();
  let lastCycle: number | null = null;

  async function cycle(): Promise<Decision[]> {
    const services = await deps.driver.list();
    const decisions: Decision[] = [];
    for (const svc of services) {
      const { signals, observed } = await collectSignals(svc, deps.sources);
      const decision = decide({
        service: svc.name,
        current: svc.replicas,
        bounds: { min: svc.min, max: svc.max },
        signals,
        now: clock(),
        policy: deps.policy,
        history: histories.get(svc.id),
      });
      let applied = false;
      let error: string | undefined;
      if (decision.action !== "none" && !deps.dryRun) {
        try {
          await deps.driver.scale(svc, decision.desired);
          applied = true;
        } catch (err) {
          error = (err as Error).message;
        }
      }
      // A scale-up that did not happen (dry run, refused update) must not use up the next one's allowance;
      // the recommendation itself stays, for the scale-down window. decide() adds this cycle's up last.
      const { history } = decision;
      // Not applied: the service keeps its count (expected), and an operator's later change is still recognised.
      const kept = applied || decision.action === "none" ? history : { ...history, expected: svc.replicas };
      histories.set(svc.id, decision.action === "up" && !applied ? { ...kept, ups: kept.ups.slice(0, -1) } : kept);
      // `service` in a log line names the autoscaler itself; the scaled service is `target`.
      const { history: _history, service: _service, ...logged } = decision;
      deps.log(error ? "error" : "info", "decision", {
        ...logged,
        target: svc.name,
        queue: svc.queue,
        observed,
        dryRun: deps.dryRun,
        applied,
        error,
      });
      deps.onDecision?.(decision);
      decisions.push(decision);
    }
    lastCycle = clock();
    return decisions;
  }

  async function run(intervalMs: number, stop: AbortSignal) {
    while (!stop.aborted) {
      try {
        await cycle();
      } catch (err) {
        deps.log("error", "cycle failed", { error: (err as Error).message });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, intervalMs);
        stop.addEventListener("abort", done, { once: true });
        function done() {
          clearTimeout(timer);
          stop.removeEventListener("abort", done);
          resolve();
        }
      });
    }
  }

  return { cycle, run, lastCycleAt: () => lastCycle };
}
