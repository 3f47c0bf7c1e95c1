// Request metrics by route pattern and status (gw/metrics.ts holds the Prometheus registry). They are served on the
// internal METRICS_PORT (gw/server.ts), never on the public API port.
import { Elysia } from "elysia";
import type { GatewayMetrics } from "../metrics.ts";

export function metricsPlugin(metrics?: GatewayMetrics) {
  // onRequest runs before any context exists: the start time is kept by request.
  const startedAt = new WeakMap<Request, number>();
  return new Elysia({ name: "workup-metrics" })
    .onRequest(({ request }) => {
      startedAt.set(request, performance.now());
      metrics?.started();
    })
    .onAfterResponse({ as: "global" }, ({ request, route, set, responseValue }) => {
      const t0 = startedAt.get(request);
      const status = responseValue instanceof Response ? responseValue.status : Number(set.status ?? 200);
      const seconds = t0 === undefined ? 0 : (performance.now() - t0) / 1000;
      metrics?.finished(route || "unmatched", request.method, status, seconds);
    });
}
