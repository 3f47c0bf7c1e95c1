// `make down`: asks the launcher of this namespace (WORKUP_NAMESPACE, default workup) to stop, and waits until it
// has: it stops the gateway and media server, then the replicas, each finishing what it holds.
import { alive, runningLauncher } from "./pidFile.ts";

const namespace = process.env.WORKUP_NAMESPACE || "workup";
const pid = runningLauncher(namespace);
if (pid === null) {
  console.log(`no stack running in namespace ${namespace}`);
} else {
  process.kill(pid, "SIGTERM");
  const waitMs = 2 * Number(process.env.UP_STOP_GRACE_MS || 15_000) + 5_000; // its two stop groups, then a margin
  const end = Date.now() + waitMs;
  while (alive(pid) && Date.now() < end) await Bun.sleep(100);
  if (alive(pid)) {
    console.error(`the launcher (pid ${pid}) is still stopping after ${waitMs} ms`);
    process.exit(1);
  }
  console.log("stopped");
}
