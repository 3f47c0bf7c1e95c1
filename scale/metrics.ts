// The autoscaler's own Prometheus metrics: what it saw and what it decided, per scaled service.
import { Counter, Gauge, Registry } from "../svc/runtime/prometheus.ts";
import type { Decision } from "./decide.ts";

export interface ScaleMetrics {
  registry: Registry;
  record(decision: Decision): void;
}

export function scaleMetrics(): ScaleMetrics {
  const registry = new Registry();
  const replicas = new Gauge(registry, {
    name: "workup_autoscaler_replicas",
    help: "Replicas per scaled service (current or desired)",
    labelNames: ["target", "kind"],
  });
  const decisions = new Counter(registry, {
    name: "workup_autoscaler_decisions_total",
    help: "Scaling decisions by action",
    labelNames: ["target", "action"],
  });
  return {
    registry,
    record(d) {
      replicas.set({ target: d.service, kind: "current" }, d.current);
      replicas.set({ target: d.service, kind: "desired" }, d.desired);
      decisions.inc({ target: d.service, action: d.action });
    },
  };
}
