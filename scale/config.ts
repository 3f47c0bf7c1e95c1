// Every setting of the autoscaler, from the environment (CLI flags override a few). Local defaults work
// against the broker on this machine; production requires the management URL to be given.
import { localInfrastructure, setting, type Env } from "../svc/runtime/config.ts";
import type { Policy } from "./decide.ts";

export type DriverKind = "local" | "swarm";

export interface LocalService {
  name: string;
  min: number;
  max: number;
}

export interface Targets {
  /** Ready messages per replica. */
  backlog: number;
  /** Published messages per second per replica; 0 disables the signal. */
  rate: number;
  /** CPU use per replica as a fraction of its limit; 0 disables the signal. */
  cpu: number;
}

export interface ScaleConfig {
  driver: DriverKind;
  dryRun: boolean;
  intervalMs: number;
  namespace: string;
  rabbitMgmtUrl: string;
  prometheusUrl: string | null;
  dockerSocket: string;
  policy: Policy;
  targets: Targets;
  defaultBounds: { min: number; max: number };
  local: { services: LocalService[]; entry: string; stopGraceMs: number };
  metricsPort: number | null;
}

export interface Overrides {
  driver?: string;
  dryRun?: boolean;
  intervalMs?: number;
  services?: string;
  entry?: string;
}

function num(env: Env, name: string, fallback: number): number {
  const raw = setting(name, env);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** `jobs:1:4,users:1:3` -> services with bounds. */
export function parseLocalServices(spec: string): LocalService[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [name, min, max] = item.split(":");
      const bounds = { min: Number(min ?? 1), max: Number(max ?? min ?? 1) };
      if (
        !name ||
        !/^[a-z0-9_-]+$/i.test(name) ||
        !Number.isInteger(bounds.min) ||
        !Number.isInteger(bounds.max) ||
        bounds.min < 0 ||
        bounds.max < bounds.min
      ) {
        throw new Error(`bad local service "${item}": expected name:min:max with 0 <= min <= max`);
      }
      return { name, ...bounds };
    });
}

export function loadConfig(env: Env = process.env, overrides: Overrides = {}): ScaleConfig {
  const production = setting("WORKUP_ENV", env) === "production";
  const driver = overrides.driver ?? setting("SCALE_DRIVER", env) ?? "local";
  if (driver !== "local" && driver !== "swarm") throw new Error(`SCALE_DRIVER must be local or swarm, got "${driver}"`);
  const rabbitMgmtUrl = setting("RABBITMQ_MGMT_URL", env) ?? (production ? undefined : localInfrastructure.mgmtUrl);
  if (!rabbitMgmtUrl) throw new Error("RABBITMQ_MGMT_URL (or RABBITMQ_MGMT_URL_FILE) is required in production");
  const metricsPort = setting("METRICS_PORT", env) ? num(env, "METRICS_PORT", 0) : null;
  const intervalMs = overrides.intervalMs ?? num(env, "SCALE_INTERVAL_MS", 15_000);
  if (!(intervalMs > 0)) throw new Error(`the interval must be a positive number of milliseconds, got ${intervalMs}`);

  return {
    driver,
    dryRun: overrides.dryRun ?? ["1", "true", "yes"].includes(setting("SCALE_DRY_RUN", env) ?? ""),
    intervalMs,
    namespace: setting("WORKUP_NAMESPACE", env) ?? "workup",
    rabbitMgmtUrl,
    prometheusUrl: setting("PROMETHEUS_URL", env) ?? null,
    dockerSocket: setting("DOCKER_SOCKET", env) ?? "/var/run/docker.sock",
    policy: {
      tolerance: num(env, "SCALE_TOLERANCE", 0.1),
      upMaxStep: num(env, "SCALE_UP_MAX_STEP", 4),
      upMaxFactor: num(env, "SCALE_UP_MAX_FACTOR", 2),
      upPeriodMs: num(env, "SCALE_UP_PERIOD_MS", 60_000),
      downWindowMs: num(env, "SCALE_DOWN_WINDOW_MS", 300_000),
    },
    targets: {
      backlog: num(env, "SCALE_TARGET_BACKLOG", 20),
      rate: num(env, "SCALE_TARGET_RATE", 500),
      cpu: num(env, "SCALE_TARGET_CPU", 0.7),
    },
    defaultBounds: { min: num(env, "SCALE_DEFAULT_MINIMUM", 1), max: num(env, "SCALE_DEFAULT_MAXIMUM", 4) },
    local: {
      services: parseLocalServices(overrides.services ?? setting("SCALE_LOCAL_SERVICES", env) ?? ""),
      entry: overrides.entry ?? setting("SCALE_LOCAL_ENTRY", env) ?? "svc/{service}.ts",
      stopGraceMs: num(env, "SCALE_LOCAL_STOP_GRACE_MS", 30_000),
    },
    metricsPort,
  };
}
