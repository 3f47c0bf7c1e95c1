// The autoscaler respects operators: a replica count changed from outside (`docker service scale`, a deploy) is the
// new current state, held for the scale-down window like one of its own scale-ups, and every logged reason matches
// the action taken. The control loop runs against a platform that an "operator" changes between cycles.
import { describe, expect, it } from "bun:test";
import { decide, type History, type Signal } from "../../scale/decide.ts";
import type { Driver, ScalableService } from "../../scale/drivers/driver.ts";
import { autoscaler } from "../../scale/loop.ts";

const policy = { tolerance: 0.1, upMaxStep: 4, upMaxFactor: 2, upPeriodMs: 60_000, downWindowMs: 300_000 };
const NOW = 1_000_000_000;
const idle: Signal[] = [{ name: "backlog", total: 0, target: 20 }];

/** One service whose replica count the loop or an operator sets. */
function platform(replicas: number) {
  const state = { replicas, scaled: [] as number[] };
  const service = (): ScalableService => ({
    id: "svc-1",
    name: "workup_jobs",
    queue: "queue_jobs",
    swarmService: "workup_jobs",
    replicas: state.replicas,
    min: 1,
    max: 3,
  });
  const driver: Driver = {
    kind: "test",
    list: async () => [service()],
    scale: async (_svc, n) => {
      state.replicas = n;
      state.scaled.push(n);
    },
    close: async () => {},
  };
  return { state, driver };
}

describe("autoscaler and operator changes", () => {
  it("holds a manual scale-up for the whole scale-down window, then scales down and says why", async () => {
    const { state, driver } = platform(1);
    let now = NOW;
    const logged: Array<{ action: string; reason: string; desired: number }> = [];
    const scaler = autoscaler({
      driver,
      policy,
      dryRun: false,
      clock: () => now,
      sources: {
        vhost: "v",
        queues: { queue: async () => ({ ready: 0, unacked: 0, publishRate: null }) } as never,
        cpu: null,
        targets: { backlog: 20, rate: 0, cpu: 0 },
      },
      log: (_level, msg, fields) => {
        if (msg === "decision") logged.push(fields as never);
      },
    });
    await scaler.cycle();
    state.replicas = 3; // docker service scale workup_jobs=3
    for (let t = 15_000; t < 300_000; t += 15_000) {
      now = NOW + t;
      await scaler.cycle();
    }
    expect(state.scaled).toEqual([]);
    expect(state.replicas).toBe(3);
    expect(logged[1]).toMatchObject({ action: "none", desired: 3 });
    expect(logged[1].reason).toContain("replicas changed from outside (1 -> 3)");
    expect(logged[1].reason).toContain("held by stabilisation window");
    now = NOW + 15_000 + 300_000;
    await scaler.cycle();
    expect(state.scaled).toEqual([1]);
    const last = logged.at(-1)!;
    expect(last).toMatchObject({ action: "down", desired: 1 });
    expect(last.reason).not.toContain("held");
  });

  it("takes a manual scale-down as the new state instead of scaling back up to its own count", () => {
    const history: History = { recommendations: [{ at: NOW - 10_000, replicas: 3 }], ups: [], expected: 3 };
    const d = decide({
      service: "jobs",
      current: 2,
      bounds: { min: 1, max: 3 },
      signals: idle,
      now: NOW,
      policy,
      history,
    });
    expect(d).toMatchObject({ action: "none", desired: 2 });
    expect(d.reason).toBe("replicas changed from outside (3 -> 2); load below target; held by stabilisation window");
  });

  it("still scales a manually changed service up when the load asks for it", () => {
    const history: History = { recommendations: [{ at: NOW - 10_000, replicas: 1 }], ups: [], expected: 1 };
    const busy: Signal[] = [{ name: "backlog", total: 100, target: 20 }];
    const d = decide({
      service: "jobs",
      current: 2,
      bounds: { min: 1, max: 5 },
      signals: busy,
      now: NOW,
      policy,
      history,
    });
    expect(d).toMatchObject({ action: "up", desired: 5 });
    expect(d.reason).toStartWith("replicas changed from outside (1 -> 2); load above target");
  });

  it("names a partial scale-down as limited by the window, never as held", () => {
    const history: History = { recommendations: [{ at: NOW - 100_000, replicas: 2 }], ups: [], expected: 4 };
    const d = decide({
      service: "jobs",
      current: 4,
      bounds: { min: 1, max: 5 },
      signals: idle,
      now: NOW,
      policy,
      history,
    });
    expect(d).toMatchObject({ action: "down", desired: 2 });
    expect(d.reason).toBe("load below target; scale-down limited to 2 by stabilisation window");
  });

  it("does not mistake its own refused scale-up for an operator's change", async () => {
    const { state, driver } = platform(1);
    driver.scale = async () => {
      throw new Error("update out of sequence");
    };
    let backlog = 100;
    const logged: Array<{ reason: string }> = [];
    const scaler = autoscaler({
      driver,
      policy,
      dryRun: false,
      clock: () => NOW,
      sources: {
        vhost: "v",
        queues: { queue: async () => ({ ready: backlog, unacked: 0, publishRate: null }) } as never,
        cpu: null,
        targets: { backlog: 20, rate: 0, cpu: 0 },
      },
      log: (_level, msg, fields) => {
        if (msg === "decision") logged.push(fields as never);
      },
    });
    await scaler.cycle();
    backlog = 0;
    await scaler.cycle();
    expect(state.replicas).toBe(1);
    expect(logged[1].reason).not.toContain("outside");
  });

  it("says a count above the maximum is capped, not held, when it goes down to the maximum", () => {
    const history: History = { recommendations: [{ at: NOW - 10_000, replicas: 5 }], ups: [], expected: 2 };
    const d = decide({
      service: "jobs",
      current: 5,
      bounds: { min: 1, max: 3 },
      signals: idle,
      now: NOW,
      policy,
      history,
    });
    expect(d).toMatchObject({ action: "down", desired: 3 });
    expect(d.reason).toBe("replicas changed from outside (2 -> 5); load below target; capped at maximum");
  });
});
