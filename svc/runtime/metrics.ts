// Prometheus metrics of one service replica, served with /healthz on METRICS_PORT (0 = any free port).
import { Counter, Gauge, Histogram, processMetrics, Registry } from "./prometheus.ts";
import { env } from "./config.ts";

export function serviceMetrics(
  service: string,
  gauges: {
    inFlight: () => number;
    limit: () => number;
    frozen: () => boolean;
    poolMax: () => number;
    poolInUse: () => Promise<number>;
  },
) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  processMetrics(registry);
  const messages = new Counter(registry, {
    name: "workup_messages_total",
    help: "Messages handled, by command and outcome",
    labelNames: ["command", "outcome"],
  });
  const duration = new Histogram(registry, {
    name: "workup_message_duration_seconds",
    help: "Time to handle a message",
    labelNames: ["command"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const cache = new Counter(registry, {
    name: "workup_cache_requests_total",
    help: "Cache lookups by result",
    labelNames: ["result"],
  });
  new Gauge(registry, {
    name: "workup_in_flight",
    help: "Messages being handled",
    read: () => gauges.inFlight(),
  });
  new Gauge(registry, {
    name: "workup_concurrency_limit",
    help: "Concurrency limit of this replica",
    read: () => gauges.limit(),
  });
  new Gauge(registry, {
    name: "workup_frozen",
    help: "1 while the replica is frozen",
    read: () => (gauges.frozen() ? 1 : 0),
  });
  new Gauge(registry, {
    name: "workup_db_pool_max",
    help: "Database pool size",
    read: () => gauges.poolMax(),
  });
  new Gauge(registry, {
    name: "workup_db_pool_in_use",
    help: "Database connections running a query",
    read: () => gauges.poolInUse(),
  });
  return {
    registry,
    observe(command: string, outcome: "ok" | "error" | "timeout" | "rejected", seconds: number) {
      messages.inc({ command, outcome });
      duration.observe({ command }, seconds);
    },
    cacheStats: {
      hit: () => cache.inc({ result: "hit" }),
      miss: () => cache.inc({ result: "miss" }),
      error: () => cache.inc({ result: "error" }),
    },
  };
}

export function serveMetrics(port: number, registry: Registry, health: () => boolean) {
  return Bun.serve({
    port,
    hostname: env("METRICS_HOST", "0.0.0.0"),
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/metrics")
        return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
      if (path === "/healthz")
        return health() ? Response.json({ ok: true }) : Response.json({ ok: false }, { status: 503 });
      return new Response("not found", { status: 404 });
    },
  });
}
