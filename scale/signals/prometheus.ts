// CPU per replica relative to its limit, from cAdvisor series in Prometheus. Containers without a CPU
// limit export no quota, so the query is empty and the signal is skipped.
import type { Log } from "../log.ts";

export type CpuReader = (swarmService: string) => Promise<number | null>;

interface QueryBody {
  status: string;
  data?: { result?: Array<{ value?: [number, string] }> };
}

export function cpuQuery(swarmService: string, window = "1m"): string {
  const sel = `container_label_com_docker_swarm_service_name="${swarmService.replace(/["\\]/g, "")}"`;
  return (
    `sum(rate(container_cpu_usage_seconds_total{${sel}}[${window}]))` +
    ` / sum(container_spec_cpu_quota{${sel}} / container_spec_cpu_period{${sel}})`
  );
}

/** Average utilisation per replica as a fraction of the limit (0.5 = half its limit). */
export function prometheusCpu(prometheusUrl: string, timeoutMs = 5_000): CpuReader {
  const base = prometheusUrl.replace(/\/$/, "");
  return async (swarmService) => {
    const url = `${base}/api/v1/query?query=${encodeURIComponent(cpuQuery(swarmService))}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`prometheus ${res.status}`);
    const body = (await res.json()) as QueryBody;
    const raw = body.data?.result?.[0]?.value?.[1];
    const value = raw === undefined ? NaN : Number(raw);
    return Number.isFinite(value) ? value : null;
  };
}

/**
 * Prometheus may be absent (the monitoring stack is optional): then the CPU signal is skipped and the services
 * scale on the queue signal alone. The outage is logged once, and its end once, not on every cycle.
 */
export function optionalCpu(reader: CpuReader, log: Log): CpuReader {
  let down = false;
  return async (swarmService) => {
    try {
      const value = await reader(swarmService);
      if (down) log("info", "Prometheus answers again: CPU signal back");
      down = false;
      return value;
    } catch (err) {
      if (!down)
        log("warn", "Prometheus unreachable: scaling on the queue signal alone", { error: (err as Error).message });
      down = true;
      return null;
    }
  };
}
