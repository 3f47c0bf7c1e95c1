// The scaling rule, free of I/O: Kubernetes HPA's proportional rule with its behaviour defaults
// (tolerance band, immediate but rate-limited scale-up, stabilised scale-down), plus min/max bounds.

/** A load measure: `total` across all replicas, `target` per replica (same unit). */
export interface Signal {
  name: string;
  total: number;
  target: number;
}

export interface Policy {
  /** Ratios within 1 ± tolerance change nothing. */
  tolerance: number;
  /** Scale-up per period is capped at max(base + upMaxStep, base * upMaxFactor). */
  upMaxStep: number;
  upMaxFactor: number;
  upPeriodMs: number;
  /** A scale-down uses the highest recommendation seen within this window. */
  downWindowMs: number;
}

export interface Bounds {
  min: number;
  max: number;
}

interface Stamped {
  at: number;
  replicas: number;
}

export interface History {
  recommendations: Stamped[];
  /** Replicas added by each scale-up, for the per-period limit. */
  ups: Stamped[];
  /** The replica count the service should have after the last cycle; another count means an operator changed it. */
  expected?: number;
}

export interface DecisionInput {
  service: string;
  current: number;
  bounds: Bounds;
  signals: Signal[];
  now: number;
  policy: Policy;
  /** Absent the first time a service is seen. */
  history?: History;
}

export interface SignalProposal extends Signal {
  /** Average per replica over target; null when no replica runs. */
  ratio: number | null;
  proposal: number;
}

export type Action = "up" | "down" | "none";

export interface Decision {
  service: string;
  current: number;
  desired: number;
  action: Action;
  reason: string;
  bounds: Bounds;
  signals: SignalProposal[];
  recommendation: number;
  stabilized: number;
  upLimit: number;
  history: History;
}

// ceil() of a float ratio: ignore representation noise such as 3.0000000000000004.
const ceilClean = (x: number) => Math.ceil(Math.round(x * 1e9) / 1e9);

export function propose(signal: Signal, current: number, tolerance: number): SignalProposal {
  if (current === 0) {
    return {
      ...signal,
      ratio: null,
      proposal: signal.total > 0 ? Math.max(1, ceilClean(signal.total / signal.target)) : 0,
    };
  }
  const ratio = signal.total / (current * signal.target);
  const proposal = Math.abs(ratio - 1) <= tolerance ? current : ceilClean(current * ratio);
  return { ...signal, ratio, proposal };
}

function upLimit(current: number, ups: Stamped[], policy: Policy): number {
  const base = Math.max(0, current - ups.reduce((sum, u) => sum + u.replicas, 0));
  return Math.max(base + policy.upMaxStep, Math.ceil(base * policy.upMaxFactor));
}

export function decide(input: DecisionInput): Decision {
  const { current, bounds, now, policy } = input;
  const usable = input.signals.filter((s) => Number.isFinite(s.total) && s.total >= 0 && s.target > 0);
  const signals = usable.map((s) => propose(s, current, policy.tolerance));
  // No usable signal means no evidence: hold (bounds still apply).
  const recommendation = signals.length > 0 ? Math.max(...signals.map((s) => s.proposal)) : current;

  // First sight, or a count changed from outside (an operator's `docker service scale`, a deploy): take the
  // current count as if it had been recommended now, so it is held for the scale-down window.
  const external = input.history?.expected !== undefined && input.history.expected !== current;
  const previous =
    input.history && !external ? input.history : { recommendations: [{ at: now, replicas: current }], ups: [] };
  const windowStart = now - policy.downWindowMs;
  const recommendations = [
    ...previous.recommendations.filter((r) => r.at > windowStart),
    { at: now, replicas: recommendation },
  ];
  const ups = previous.ups.filter((u) => u.at > now - policy.upPeriodMs);

  const stabilized =
    recommendation > current ? recommendation : Math.min(current, Math.max(...recommendations.map((r) => r.replicas)));
  const limit = upLimit(current, ups, policy);
  const limited = stabilized > current ? Math.min(stabilized, Math.max(limit, current)) : stabilized;
  const desired = Math.min(bounds.max, Math.max(bounds.min, limited));

  const action: Action = desired > current ? "up" : desired < current ? "down" : "none";
  if (action === "up") ups.push({ at: now, replicas: desired - current });

  return {
    service: input.service,
    current,
    desired,
    action,
    reason: explain(
      { current, recommendation, stabilized, limited, desired, hasSignals: signals.length > 0 },
      external ? input.history?.expected : undefined,
    ),
    bounds,
    signals,
    recommendation,
    stabilized,
    upLimit: limit,
    history: { recommendations, ups, expected: desired },
  };
}

interface Steps {
  current: number;
  recommendation: number;
  stabilized: number;
  limited: number;
  desired: number;
  hasSignals: boolean;
}

function explain(s: Steps, externalFrom?: number): string {
  const parts = [
    ...(externalFrom === undefined ? [] : [`replicas changed from outside (${externalFrom} -> ${s.current})`]),
    !s.hasSignals
      ? "no signal"
      : s.recommendation > s.current
        ? "load above target"
        : s.recommendation < s.current
          ? "load below target"
          : s.current === 0
            ? "no load"
            : "within tolerance",
  ];
  // The window held the count, or only limited how far it went down: say which.
  if (s.stabilized > s.recommendation && s.desired === s.current) parts.push("held by stabilisation window");
  if (s.stabilized > s.recommendation && s.stabilized < s.current && s.desired === s.stabilized) {
    parts.push(`scale-down limited to ${s.stabilized} by stabilisation window`);
  }
  if (s.limited < s.stabilized && s.desired === s.limited) parts.push("limited by scale-up rate");
  if (s.desired > s.limited) parts.push(s.desired === s.current ? "held at minimum" : "raised to minimum");
  if (s.desired < s.limited) parts.push(s.desired === s.current ? "held at maximum" : "capped at maximum");
  return parts.join("; ");
}
