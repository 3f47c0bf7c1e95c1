// The autoscaler's own Prometheus metrics: what it saw and what it decided, per scaled service.
import { Counter, Gauge, Registry } from "prom-client";
import type { Decision } from "./decide.ts";

export interface ScaleMetrics {
  registry: Registry;
  record(decision: Decision): void;
}

export function scaleMetrics(): ScaleMetrics {
  const registry = new Registry();
  const replicas = new Gauge({
    name: "workup_autoscaler_replicas",
    help: "Replicas per scaled service (current or desired)",
    labelNames: ["target", "kind"],
    registers: [registry],
  });
  const decisions = new Counter({
    name: "workup_autoscaler_decisions_total",
    help: "Scaling decisions by action",
    labelNames: ["target", "action"],
    registers: [registry],
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
