// Real infrastructure faults for tests/faults, on the servers of this machine: RabbitMQ's application stopped and
// started, Redis shut down and started again, PostgreSQL restarted. Each start waits until the server answers again
// (the checks of ctl/infra.sh); callers restore in `finally`, since other test files run after theirs.
import { readdirSync } from "node:fs";
import postgres from "postgres";
import { waitFor } from "./stack.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const mgmt = new URL(infrastructure().mgmtUrl);
const mgmtAuth = {
  authorization: "Basic " + btoa(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`),
};
const pgUrl = infrastructure().pgUrl;
const redisPort = new URL(infrastructure().redisUrl).port || "6379";

/** Runs a command to its end (bounded); throws with its output when it fails. */
async function run(cmd: string[], timeoutMs = 60_000): Promise<string> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited with ${code}: ${(err || out).trim().slice(0, 500)}`);
  return out;
}

const tcpAnswers = async (port: number) => {
  try {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
};

// --- RabbitMQ ------------------------------------------------------------------------------------------------

/** `rabbitmqctl stop_app`: every connection is closed and the ports stop answering; the node keeps running. */
export const stopRabbit = () => run(["rabbitmqctl", "-q", "stop_app"]);

/** `rabbitmqctl start_app`, then wait until AMQP, the management API and the namespace's vhost answer. */
export async function startRabbit(vhost?: string): Promise<void> {
  await run(["rabbitmqctl", "-q", "start_app"], 120_000);
  await waitFor(
    "RabbitMQ to answer again",
    async () => {
      if (!(await tcpAnswers(5672))) return false;
      const path = vhost ? `vhosts/${encodeURIComponent(vhost)}` : "overview";
      return (await fetch(`${mgmt.origin}/api/${path}`, { headers: mgmtAuth, signal: AbortSignal.timeout(2000) })).ok;
    },
    90_000,
    250,
  );
}

// --- Redis ---------------------------------------------------------------------------------------------------

export const redisAnswers = async () => {
  try {
    return (await run(["redis-cli", "-p", redisPort, "ping"], 3000)).trim() === "PONG";
  } catch {
    return false;
  }
};

/** How the running server was started, so it comes back the same (the CI defaults of ctl/infra.sh otherwise). */
async function redisSettings(): Promise<string[]> {
  const get = async (key: string, fallback: string) => {
    try {
      const lines = (await run(["redis-cli", "-p", redisPort, "config", "get", key], 3000)).trim().split("\n");
      return lines[1]?.trim() || fallback;
    } catch {
      return fallback;
    }
  };
  return [
    "--bind",
    ...(await get("bind", "127.0.0.1 -::1")).split(/\s+/),
    "--port",
    redisPort,
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    await get("dir", "/var/lib/redis"),
    "--logfile",
    await get("logfile", "/var/log/redis/ci.log"),
  ];
}

let redisArgs: string[] | null = null;

/** `redis-cli shutdown nosave`: the server is gone (with everything it cached) until startRedis. */
export async function stopRedis(): Promise<void> {
  redisArgs ??= await redisSettings();
  // The connection drops as it stops.
  await run(["redis-cli", "-p", redisPort, "shutdown", "nosave"], 10_000).catch(() => {});
  await waitFor("Redis to stop", async () => !(await redisAnswers()), 10_000, 100);
}

export async function startRedis(): Promise<void> {
  if (await redisAnswers()) return;
  const args = redisArgs ?? [
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    redisPort,
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
  ];
  await run(["mkdir", "-p", args[args.indexOf("--dir") + 1], "/var/log/redis"]);
  await run(["redis-server", "--daemonize", "yes", ...args]);
  await waitFor("Redis to answer again", redisAnswers, 20_000, 100);
}

// --- PostgreSQL ----------------------------------------------------------------------------------------------

const pgVersion = () =>
  readdirSync("/etc/postgresql")
    .sort((x, y) => Number(x) - Number(y))
    .at(-1)!;

export async function postgresAnswers(): Promise<boolean> {
  const sql = postgres(pgUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** `pg_ctlcluster <version> main restart` (fast shutdown: open sessions are terminated), then wait until it answers. */
export async function restartPostgres(): Promise<void> {
  await run(["pg_ctlcluster", "--skip-systemctl-redirect", pgVersion(), "main", "restart"], 120_000);
  await waitFor("PostgreSQL to answer again", postgresAnswers, 60_000, 200);
}

/** Start PostgreSQL if it is down (the restore of a failed restart). */
export async function ensurePostgres(): Promise<void> {
  if (await postgresAnswers()) return;
  await run(["pg_ctlcluster", "--skip-systemctl-redirect", pgVersion(), "main", "start"], 120_000).catch(() => {});
  await waitFor("PostgreSQL to answer again", postgresAnswers, 60_000, 200);
}
