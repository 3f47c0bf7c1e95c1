// `make up`: every service (REPLICAS="jobs=3 users=2" replicas each, default one), the media server and the
// gateway as local processes with interleaved logs prefixed by instance. A process that exits on its own is
// restarted with backoff; AUTOSCALE=1 adds the autoscaler. Ctrl-C, SIGTERM or `make down` stop everything
// gracefully: the gateway and media server first, then the replicas, each finishing what it holds.
import { existsSync } from "node:fs";
import { controlledServices } from "./config.ts";
import { autoscaleConfig, startAutoscaler } from "./up/autoscale.ts";
import { loadUpConfig } from "./up/config.ts";
import { terminalOutput } from "./up/output.ts";
import { removePidFile, runningLauncher, writePidFile } from "./up/pidFile.ts";
import { servicePool } from "./up/pool.ts";
import { supervisor } from "./up/supervisor.ts";

const root = new URL("../", import.meta.url).pathname;
const settings = (() => {
  try {
    const config = loadUpConfig();
    return { config, scaling: config.autoscale ? autoscaleConfig(config.replicas) : null };
  } catch (err) {
    console.error(`workup: ${(err as Error).message}`);
    process.exit(2);
  }
})();
const { config, scaling } = settings;
const running = runningLauncher(config.namespace);
if (running !== null) {
  console.error(
    `workup: a stack already runs in namespace ${config.namespace} (launcher pid ${running}); ` + "make down first",
  );
  process.exit(1);
}

const services = controlledServices.filter((s) => existsSync(`${root}svc/${s}.ts`));
const output = terminalOutput(Math.max(...services.map((s) => s.length)) + 3);
const kept = supervisor({ cwd: root, output, stopGraceMs: config.stopGraceMs });
const pool = servicePool({
  supervisor: kept,
  env: process.env,
  metricsPortBase: config.metricsPortBase,
  entryOf: (s) => `svc/${s}.ts`,
});
writePidFile(config.namespace);
// Before any child starts: a Ctrl-C from here on stops the children (they run in process groups of their own).
// The handler runs once this module's synchronous start-up below has finished.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void stopAll(sig));
process.on("exit", () => {
  kept.killAll(); // only finds processes left if the launcher itself failed
  removePidFile(config.namespace);
});

for (const s of services) pool.scaleTo(s, config.replicas[s]);
const edges = [
  { name: "media", entry: "media/server.ts" },
  { name: "gateway", entry: "gw/server.ts" },
].filter((c) => existsSync(root + c.entry));
// Their /metrics too is on an internal port of its own (the next of METRICS_PORT's series, or any free one).
for (const c of edges) {
  const env = { ...process.env, WORKUP_INSTANCE: c.name, METRICS_PORT: String(pool.metricsPort(c.name)) };
  kept.start({ ...c, env });
}
const autoscaler =
  scaling && startAutoscaler(scaling, pool, (line) => process.stdout.write(`${output.prefix("autoscaler")} ${line}\n`));
const replicas = services.map((s) => `${s} x${config.replicas[s]}`).join(", ");
output.say(
  `${replicas}${autoscaler ? " (autoscaled)" : ""}, media, gateway on :${config.gatewayPort} (docs at /docs), ` +
    `namespace ${config.namespace}. Ctrl-C or make down stops everything.`,
);

let stopping = false;
async function stopAll(signal: string) {
  if (stopping) return;
  stopping = true;
  output.say(`${signal}: stopping (the gateway and media server, then the replicas)`);
  await autoscaler?.stop();
  await kept.stopAll([edges.map((c) => c.name)]);
  removePidFile(config.namespace);
  output.say("stopped");
  process.exit(0);
}
