import { describe, expect, it } from "bun:test";
import { decide, type DecisionInput, type History, type Signal } from "../../scale/decide.ts";

const policy = { tolerance: 0.1, upMaxStep: 4, upMaxFactor: 2, upPeriodMs: 60_000, downWindowMs: 300_000 };
const NOW = 1_000_000_000;
const backlog = (total: number, target = 20): Signal => ({ name: "backlog", total, target });
const recs = (...pairs: Array<[number, number]>): History => ({
  recommendations: pairs.map(([agoMs, replicas]) => ({ at: NOW - agoMs, replicas })),
  ups: [],
});

interface Case {
  name: string;
  input: Partial<DecisionInput>;
  desired: number;
  reason?: string;
}

const cases: Case[] = [
  {
    name: "holds within the tolerance band above target",
    input: { current: 2, signals: [backlog(42)] },
    desired: 2,
    reason: "within tolerance",
  },
  { name: "holds within the tolerance band below target", input: { current: 4, signals: [backlog(74)] }, desired: 4 },
  {
    name: "scales up just outside the band (ceil of current x ratio)",
    input: { current: 2, signals: [backlog(46)] },
    desired: 3,
  },
  {
    name: "limits a scale-up to +4 from a small base",
    input: { current: 1, bounds: { min: 1, max: 50 }, signals: [backlog(400)] },
    desired: 5,
    reason: "load above target; limited by scale-up rate",
  },
  {
    name: "limits a scale-up to x2 from a large base",
    input: { current: 8, bounds: { min: 1, max: 50 }, signals: [backlog(1000)] },
    desired: 16,
  },
  {
    name: "counts replicas already added in this period against the up limit",
    input: {
      current: 5,
      bounds: { min: 1, max: 50 },
      signals: [backlog(400)],
      history: { recommendations: [], ups: [{ at: NOW - 30_000, replicas: 4 }] },
    },
    desired: 5,
    reason: "load above target; limited by scale-up rate",
  },
  {
    name: "forgets earlier scale-ups once the period has passed",
    input: {
      current: 5,
      bounds: { min: 1, max: 50 },
      signals: [backlog(400)],
      history: { recommendations: [], ups: [{ at: NOW - 61_000, replicas: 4 }] },
    },
    desired: 10,
  },
  {
    name: "never exceeds the maximum",
    input: { current: 2, bounds: { min: 1, max: 3 }, signals: [backlog(600)] },
    desired: 3,
    reason: "load above target; capped at maximum",
  },
  {
    name: "raises to the minimum without any load or signal",
    input: { current: 0, bounds: { min: 2, max: 3 }, signals: [] },
    desired: 2,
    reason: "no signal; raised to minimum",
  },
  {
    name: "stays at the minimum when idle",
    input: { current: 1, signals: [backlog(0)], history: recs([301_000, 1]) },
    desired: 1,
    reason: "load below target; held at minimum",
  },
  {
    name: "lowers to the maximum at once, without waiting for the window",
    input: { current: 6, bounds: { min: 1, max: 3 }, signals: [], history: recs([10_000, 6]) },
    desired: 3,
    reason: "no signal; capped at maximum",
  },
  {
    name: "holds a scale-down while a higher recommendation is in the window",
    input: { current: 3, signals: [backlog(0)], history: recs([100_000, 3]) },
    desired: 3,
    reason: "load below target; held by stabilisation window",
  },
  {
    name: "scales down once the window holds only lower recommendations",
    input: { current: 3, signals: [backlog(0)], history: recs([301_000, 3]) },
    desired: 1,
    reason: "load below target; raised to minimum",
  },
  {
    name: "scales down to the highest recommendation within the window",
    input: { current: 4, signals: [backlog(0)], history: recs([350_000, 4], [200_000, 2], [100_000, 1]) },
    desired: 2,
  },
  {
    name: "does not scale down on first sight of a service (restart safety)",
    input: { current: 3, signals: [backlog(0)], history: undefined },
    desired: 3,
  },
  {
    name: "takes the highest proposal over all signals",
    input: {
      current: 2,
      bounds: { min: 1, max: 10 },
      signals: [backlog(40), { name: "rate", total: 2000, target: 500 }, { name: "cpu", total: 2 * 1.05, target: 0.7 }],
    },
    desired: 4,
  },
  {
    name: "moves one way only when signals disagree (up wins over down)",
    input: {
      current: 3,
      bounds: { min: 1, max: 10 },
      signals: [backlog(0), { name: "cpu", total: 3 * 0.95, target: 0.7 }],
    },
    desired: 5,
  },
  {
    name: "starts a first replica for a backlog with no consumer",
    input: { current: 0, bounds: { min: 0, max: 3 }, signals: [backlog(5)] },
    desired: 1,
  },
  {
    name: "starts at most the up limit from zero replicas",
    input: { current: 0, bounds: { min: 0, max: 10 }, signals: [backlog(200)] },
    desired: 4,
  },
  {
    name: "stays at zero with no backlog and a zero minimum",
    input: { current: 0, bounds: { min: 0, max: 3 }, signals: [backlog(0)] },
    desired: 0,
  },
  {
    name: "ignores unusable signals (non-finite total, zero target)",
    input: { current: 2, signals: [backlog(NaN), backlog(500, 0)] },
    desired: 2,
    reason: "no signal",
  },
];

describe("decide: the HPA rule with bounds and behaviours", () => {
  for (const c of cases) {
    it(c.name, () => {
      const input: DecisionInput = {
        service: "jobs",
        current: 1,
        bounds: { min: 1, max: 5 },
        signals: [],
        now: NOW,
        policy,
        history: recs(),
        ...c.input,
      };
      const d = decide(input);
      expect(d.desired).toBe(c.desired);
      expect(d.action).toBe(d.desired > input.current ? "up" : d.desired < input.current ? "down" : "none");
      if (c.reason) expect(d.reason).toBe(c.reason);
    });
  }

  it("never flips: after a scale-up, a sudden drop waits for the whole window", () => {
    const bounds = { min: 1, max: 5 };
    const step = (current: number, total: number, now: number, history?: History) =>
      decide({ service: "jobs", current, bounds, signals: [backlog(total)], now, policy, history });

    const up = step(1, 100, NOW, recs());
    expect(up).toMatchObject({ action: "up", desired: 5 });
    let history = up.history;
    const actions: string[] = [];
    for (let t = 15_000; t < 300_000; t += 15_000) {
      const d = step(5, 0, NOW + t, history);
      actions.push(d.action);
      history = d.history;
    }
    expect(actions.every((a) => a === "none")).toBe(true);
    expect(step(5, 0, NOW + 300_000, history)).toMatchObject({ action: "down", desired: 1 });
  });

  it("keeps only what the window and period need in its history", () => {
    const history: History = {
      recommendations: [{ at: NOW - 400_000, replicas: 9 }],
      ups: [{ at: NOW - 90_000, replicas: 2 }],
    };
    const d = decide({
      service: "jobs",
      current: 2,
      bounds: { min: 1, max: 5 },
      signals: [backlog(40)],
      now: NOW,
      policy,
      history,
    });
    expect(d.history.recommendations).toEqual([{ at: NOW, replicas: 2 }]);
    expect(d.history.ups).toEqual([]);
  });

  it("reports each signal's ratio and proposal as decision inputs", () => {
    const d = decide({
      service: "jobs",
      current: 2,
      bounds: { min: 1, max: 5 },
      signals: [backlog(100)],
      now: NOW,
      policy,
      history: recs(),
    });
    expect(d.signals).toEqual([{ name: "backlog", total: 100, target: 20, ratio: 2.5, proposal: 5 }]);
  });
});
