// What the orchestrator asks the load generator (a child process) to do, and what it answers.
// Everything here crosses a process boundary as JSON: plain data only, no functions.

/** One HTTP request shape. With `each`, every request takes the next (path, token) pair and none is reused. */
export interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * Request i goes to paths[i % paths.length] with tokens[floor(i / paths.length)] as bearer token. `repeat`: the
   * pairs are meant to come round again (popular searches), not to be used once each. `bodies`: request i sends
   * bodies[i % bodies.length] (e.g. logins of different accounts).
   */
  each?: { paths: string[]; tokens?: string[]; repeat?: boolean; bodies?: unknown[] };
}

/** Warm-up, then `runs` runs of `durationS` seconds at a fixed number of connections. */
export interface FixedSpec {
  kind: "fixed";
  url: string;
  connections: number;
  warmupS: number;
  runs: number;
  durationS: number;
  request: RequestSpec;
}

/** Connections grow linearly from `from` to `to` over `overS` seconds (JMeter's ramp-up), in `steps` steps. */
export interface RampSpec {
  kind: "ramp";
  url: string;
  from: number;
  to: number;
  overS: number;
  steps: number;
  request: RequestSpec;
}

/** Virtual users, each running the marketplace flow (16 requests) in a loop without think time. */
export interface FlowSpec {
  kind: "flow";
  url: string;
  users: number;
  warmupS: number;
  runs: number;
  durationS: number;
}

export type LoadSpec = FixedSpec | RampSpec | FlowSpec;

export interface RunResult {
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  durationS: number;
  /** Flow only: completed iterations per second, and the latency of a whole iteration. */
  iterationsPerSec?: number;
  iterationP50?: number;
  iterationP99?: number;
  /** Each-pair requests: the pairs ran out and were reused (expect conflicts). */
  pairsExhausted?: boolean;
  /** A few distinct failures, to say what went wrong. */
  samples?: string[];
}

export interface RampSecond {
  second: number;
  connections: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** One JSON object per line on the child's stdout. */
export type LoadEvent =
  | {
      type: "tick";
      phase: "warmup" | "run" | "ramp";
      run: number;
      second: number;
      of: number;
      reqs: number;
      non2xx: number;
      errors: number;
      connections?: number;
    }
  | { type: "runStart"; phase: "warmup" | "run"; run: number }
  | { type: "run"; phase: "warmup" | "run"; run: number; result: RunResult }
  | { type: "ramp"; seconds: RampSecond[]; total: RunResult }
  | { type: "error"; message: string };
