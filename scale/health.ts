// /healthz (a cycle finished recently) and /metrics for the container healthcheck and Prometheus.
import type { ScaleMetrics } from "./metrics.ts";

export function serveHealth(opts: {
  port: number;
  intervalMs: number;
  lastCycleAt: () => number | null;
  metrics: ScaleMetrics;
  clock?: () => number;
}) {
  const clock = opts.clock ?? Date.now;
  const startedAt = clock();
  // Allow three missed cycles (a slow broker API) before reporting unhealthy.
  const staleAfter = opts.intervalMs * 3 + 10_000;
  return Bun.serve({
    port: opts.port,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/healthz") {
        const last = opts.lastCycleAt() ?? startedAt;
        const healthy = clock() - last < staleAfter;
        return Response.json({ ok: healthy, lastCycleAt: opts.lastCycleAt() }, { status: healthy ? 200 : 503 });
      }
      if (path === "/metrics") {
        return new Response(await opts.metrics.registry.metrics(), {
          headers: { "content-type": opts.metrics.registry.contentType },
        });
      }
      return new Response("not found", { status: 404 });
    },
  });
}
