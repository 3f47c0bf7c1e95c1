// The autoscaler: `bun scale/main.ts [--driver swarm|local] [--dry-run] [--once]`.
import { defineCommand, runMain } from "citty";
import { loadConfig, type ScaleConfig } from "./config.ts";
import type { Driver } from "./drivers/driver.ts";
import { localDriver } from "./drivers/local.ts";
import { swarmDriver } from "./drivers/swarm.ts";
import { jsonLog, type Log } from "./log.ts";
import { runAutoscaler } from "./run.ts";

function makeDriver(config: ScaleConfig, log: Log): Driver {
  if (config.driver === "swarm")
    return swarmDriver({ socketPath: config.dockerSocket, defaults: config.defaultBounds, log });
  return localDriver({ ...config.local, log });
}

const command = defineCommand({
  meta: { name: "autoscaler", description: "Scales WorkUp services on queue backlog, message rate and CPU" },
  args: {
    driver: { type: "string", description: "swarm or local (default SCALE_DRIVER, else local)" },
    "dry-run": { type: "boolean", description: "log decisions without acting (SCALE_DRY_RUN)" },
    once: { type: "boolean", description: "run a single cycle and exit" },
    interval: { type: "string", description: "milliseconds between cycles (SCALE_INTERVAL_MS)" },
    services: { type: "string", description: "local mode: name:min:max,... (SCALE_LOCAL_SERVICES)" },
    entry: { type: "string", description: "local mode: entry file, {service} replaced (SCALE_LOCAL_ENTRY)" },
  },
  async run({ args }) {
    const log = jsonLog();
    const config = loadConfig(process.env, {
      driver: args.driver,
      dryRun: args["dry-run"] ? true : undefined,
      intervalMs: args.interval === undefined ? undefined : Number(args.interval),
      services: args.services,
      entry: args.entry,
    });
    const stop = new AbortController();
    for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => stop.abort());
    await runAutoscaler(config, makeDriver(config, log), log, stop.signal, Boolean(args.once));
  },
});

runMain(command);
