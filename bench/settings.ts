// Every knob of the bench in one place: flags (main.ts) over environment variables over these defaults.
import { env, infrastructure } from "../svc/runtime/config.ts";

export interface InfraUrls {
  amqpUrl: string;
  mgmtUrl: string;
  redisUrl: string;
  pgUrl: string;
}

export interface Settings {
  quick: boolean;
  /** A running gateway to measure instead of starting a stack (BENCH_URL). */
  url: string | null;
  connections: number;
  warmupS: number;
  runs: number;
  durationS: number;
  rampFrom: number;
  rampTo: number;
  rampOverS: number;
  rampSteps: number;
  flowUsers: number;
  /** An iteration takes seconds (4 argon2id checks): longer windows than the other scenarios. */
  flowWarmupS: number;
  flowDurationS: number;
  loginConnections: number;
  /** Only these ids (baselines and scenarios), or every one. */
  only: string[] | null;
  wrk: boolean;
  coldStarts: number;
  /** Run the stack's processes under Bun's CPU profiler (profiles with a summary each); use with `only`. */
  profile: boolean;
  outDir: string;
  infra: InfraUrls;
}

export interface SettingsInput {
  quick?: boolean;
  url?: string;
  connections?: string;
  warmup?: string;
  runs?: string;
  duration?: string;
  users?: string;
  only?: string;
  wrk?: boolean;
  out?: string;
  profile?: boolean;
}

const num = (raw: string | undefined, fallback: number, name: string) => {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
};

export function settingsFrom(input: SettingsInput): Settings {
  const quick = input.quick ?? env("BENCH_QUICK", "") === "1";
  const only = input.only ?? env("BENCH_ONLY", "");
  return {
    quick,
    url: (input.url ?? env("BENCH_URL", "")) || null,
    connections: num(input.connections ?? env("BENCH_CONNECTIONS", ""), 64, "connections"),
    warmupS: num(input.warmup ?? env("BENCH_WARMUP_S", ""), quick ? 1 : 3, "warmup"),
    runs: num(input.runs ?? env("BENCH_RUNS", ""), 3, "runs"),
    durationS: num(input.duration ?? env("BENCH_DURATION_S", ""), quick ? 2 : 10, "duration"),
    rampFrom: 1,
    rampTo: 1000,
    // quick mode halves the ramp to stay near two minutes; the full bench keeps JMeter's 10 s
    rampOverS: quick ? 5 : 10,
    rampSteps: quick ? 10 : 20,
    flowUsers: num(input.users ?? env("BENCH_USERS", ""), quick ? 8 : 32, "users"),
    flowWarmupS: quick ? 6 : 20,
    flowDurationS: quick ? 3 : 15,
    loginConnections: num(env("BENCH_LOGIN_CONNECTIONS", ""), 8, "BENCH_LOGIN_CONNECTIONS"),
    only: only
      ? only
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    wrk: input.wrk ?? env("BENCH_WRK", "1") !== "0",
    coldStarts: quick ? 1 : 3,
    profile: input.profile ?? env("BENCH_PROFILE", "") === "1",
    outDir: input.out ?? env("BENCH_OUT", new URL("./results", import.meta.url).pathname),
    infra: {
      ...infrastructure(),
    },
  };
}

export const wanted = (s: Settings, id: string) =>
  !s.only || s.only.includes(id) || s.only.some((o) => id.startsWith(o + "-"));
