// The launcher's settings (`make up`), from the environment; README "Running it locally" lists them. The
// components' own settings (GATEWAY_PORT, MEDIA_PORT, WORKUP_NAMESPACE...) pass through to them unchanged.
import { parseReplicas, SettingError, type Replicas } from "./replicas.ts";

export interface UpConfig {
  namespace: string;
  replicas: Replicas;
  autoscale: boolean;
  gatewayPort: string;
  /** First metrics port of the service replicas, one more for each next instance; 0 = each takes a free port. */
  metricsPortBase: number;
  /** SIGKILL a process this long after SIGTERM when stopping. */
  stopGraceMs: number;
}

type Env = Record<string, string | undefined>;

function whole(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) {
    throw new SettingError(`${name} must be an integer from 0 to ${max}, got "${raw}"`);
  }
  return n;
}

export function loadUpConfig(env: Env = process.env): UpConfig {
  const autoscale = (env.AUTOSCALE ?? "").toLowerCase();
  if (!["", "0", "1", "true", "false", "yes", "no"].includes(autoscale)) {
    throw new SettingError(`AUTOSCALE must be 1 or 0, got "${env.AUTOSCALE}"`);
  }
  return {
    namespace: env.WORKUP_NAMESPACE || "workup",
    replicas: parseReplicas(env.REPLICAS),
    autoscale: ["1", "true", "yes"].includes(autoscale),
    gatewayPort: env.GATEWAY_PORT || "8080",
    metricsPortBase: whole(env, "METRICS_PORT", 0, 65535),
    stopGraceMs: whole(env, "UP_STOP_GRACE_MS", 15_000),
  };
}
