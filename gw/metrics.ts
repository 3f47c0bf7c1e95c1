// Gateway metrics (Prometheus): requests by route and status, latency, in-flight, upstream timeouts.
import { Counter, Gauge, Histogram, processMetrics, Registry } from "../svc/runtime/prometheus.ts";

export function gatewayMetrics() {
  const registry = new Registry();
  processMetrics(registry);
  const requests = new Counter(registry, {
    name: "workup_http_requests_total",
    help: "HTTP requests",
    labelNames: ["route", "method", "status"],
  });
  const duration = new Histogram(registry, {
    name: "workup_http_request_duration_seconds",
    help: "HTTP request latency",
    labelNames: ["route", "method"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const inFlight = new Gauge(registry, {
    name: "workup_http_in_flight",
    help: "HTTP requests being served",
  });
  const timeouts = new Counter(registry, {
    name: "workup_upstream_timeouts_total",
    help: "Service replies that did not come in time",
    labelNames: ["service"],
  });
  let pendingReplies = () => 0;
  new Gauge(registry, {
    name: "workup_gateway_pending_replies",
    help: "Requests sent to a service whose reply is still awaited",
    read: () => pendingReplies(),
  });
  const count = { started: 0 };
  return {
    registry,
    /** Requests begun so far (memoryTarget.ts collects garbage once it stands still). */
    count,
    started: () => {
      count.started++;
      inFlight.inc();
    },
    finished(route: string, method: string, status: number, seconds: number) {
      inFlight.dec();
      requests.inc({ route, method, status });
      duration.observe({ route, method }, seconds);
    },
    timeout: (service: string) => timeouts.inc({ service }),
    /** Where the pending-replies gauge reads its value (the RPC client's map). */
    countPending: (count: () => number) => {
      pendingReplies = count;
    },
  };
}
export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;
