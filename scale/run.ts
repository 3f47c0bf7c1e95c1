// Runs the autoscaler with a given driver until `stop` aborts (or one cycle): `bun scale` and `make up AUTOSCALE=1`.
import type { ScaleConfig } from "./config.ts";
import type { Driver } from "./drivers/driver.ts";
import { serveHealth } from "./health.ts";
import type { Log } from "./log.ts";
import { autoscaler } from "./loop.ts";
import { scaleMetrics } from "./metrics.ts";
import { optionalCpu, prometheusCpu } from "./signals/prometheus.ts";
import { managementApi } from "./signals/rabbit.ts";

export async function runAutoscaler(config: ScaleConfig, driver: Driver, log: Log, stop: AbortSignal, once = false) {
  const metrics = scaleMetrics();
  const scaler = autoscaler({
    driver,
    sources: {
      vhost: config.namespace,
      queues: managementApi(config.rabbitMgmtUrl),
      cpu: config.prometheusUrl ? optionalCpu(prometheusCpu(config.prometheusUrl), log) : null,
      targets: config.targets,
    },
    policy: config.policy,
    log,
    dryRun: config.dryRun,
    onDecision: metrics.record,
  });
  log("info", "autoscaler started", {
    driver: config.driver,
    dryRun: config.dryRun,
    intervalMs: config.intervalMs,
    namespace: config.namespace,
    policy: config.policy,
    targets: config.targets,
    cpuSignal: config.prometheusUrl !== null,
    localServices: config.driver === "local" ? config.local.services : undefined,
  });

  const server =
    config.metricsPort === null
      ? null
      : serveHealth({
          port: config.metricsPort,
          intervalMs: config.intervalMs,
          lastCycleAt: scaler.lastCycleAt,
          metrics,
        });
  if (once) await scaler.cycle();
  else await scaler.run(config.intervalMs, stop);
  log("info", "autoscaler stopping", { driver: config.driver });
  await driver.close();
  server?.stop(true);
  log("info", "autoscaler stopped");
}
