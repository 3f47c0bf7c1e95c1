// Starts a real WorkUp stack (service replicas and the gateway as processes) in a namespace of its own:
// its own RabbitMQ vhost, databases <ns>_<service> and Redis keys <ns>:*, all removed by stop().
import { mkdirSync, openSync } from "node:fs";
import postgres from "postgres";
import Redis from "ioredis";
import amqp, { type ChannelModel } from "amqplib";
import { amqpUrlFor, deleteVhost, ensureVhost } from "../../svc/runtime/vhost.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

export const root = new URL("../../", import.meta.url).pathname;
const bun = process.execPath;
const mgmtUrl = infrastructure().mgmtUrl;
const pgUrl = infrastructure().pgUrl;
const redisUrl = infrastructure().redisUrl;
export const services = ["users", "jobs", "contracts", "payments"] as const;
export type ServiceName = (typeof services)[number];

export interface Proc {
  name: string;
  service: ServiceName | "gateway";
  proc: ReturnType<typeof Bun.spawn>;
  log: string;
}

export interface StackOptions {
  services?: ServiceName[];
  replicas?: Partial<Record<ServiceName, number>>;
  gateway?: boolean;
  env?: Record<string, string>;
}

export const newNamespace = () => `t_${Math.random().toString(36).slice(2, 8)}`;

export async function freePort(): Promise<number> {
  const s = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

async function mgmt(path: string) {
  const { origin, username, password } = new URL(mgmtUrl);
  const res = await fetch(`${origin}/api/${path}`, {
    headers: { authorization: "Basic " + btoa(`${username}:${password}`) },
  });
  return res.ok ? res.json() : null;
}

export async function queueInfo(
  ns: string,
  queue: string,
): Promise<{ consumers: number; messages: number; messages_ready: number } | null> {
  return (await mgmt(`queues/${encodeURIComponent(ns)}/${encodeURIComponent(queue)}`)) as never;
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await Bun.sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export class Stack {
  readonly procs: Proc[] = [];
  url = "";
  port = 0;
  private counters = new Map<string, number>();
  readonly logDir: string;

  constructor(
    readonly ns: string,
    readonly env: Record<string, string>,
  ) {
    this.logDir = `/tmp/workup-tests/${ns}`;
    mkdirSync(this.logDir, { recursive: true });
  }

  /** Start one more replica of a service and wait until it consumes. */
  async spawn(service: ServiceName, extraEnv: Record<string, string> = {}): Promise<Proc> {
    const n = (this.counters.get(service) ?? 0) + 1;
    this.counters.set(service, n);
    const name = `${service}-${n}`;
    // The broker's own count (not the management API's, which lags behind a killed replica by seconds).
    const before = await this.consumers(service);
    const proc = this.start(name, service, `svc/${service}.ts`, {
      WORKUP_INSTANCE: this.instanceOf({ name }),
      ...extraEnv,
    });
    await waitFor(
      `${name} to consume`,
      async () => {
        if (proc.proc.exitCode !== null) throw new Error(`${name} exited with ${proc.proc.exitCode}; see ${proc.log}`);
        return (await this.consumers(service)) > before;
      },
      30_000,
    );
    return proc;
  }

  private amqp: Promise<ChannelModel> | null = null;

  /** Consumers of queue_<service> right now, as the broker counts them (0 when the queue does not exist yet). */
  async consumers(service: ServiceName): Promise<number> {
    this.amqp ??= amqp.connect(amqpUrlFor(infrastructure().amqpUrl, this.ns)).then((c) => {
      c.on("error", () => {});
      c.on("close", () => {
        this.amqp = null;
      });
      return c;
    });
    try {
      const ch = await (await this.amqp).createChannel();
      ch.on("error", () => {});
      try {
        return (await ch.checkQueue(`queue_${service}`)).consumerCount;
      } finally {
        await ch.close().catch(() => {});
      }
    } catch {
      this.amqp = null; // a lost connection (broker restarted by a fault test) is opened again next time
      return 0;
    }
  }

  async startGateway(extraEnv: Record<string, string> = {}): Promise<void> {
    this.url = await this.addGateway(extraEnv);
    this.port = Number(new URL(this.url).port);
  }

  /** Where a gateway serves /metrics (its internal METRICS_PORT; the API port answers 404 there). */
  gatewayMetricsUrl(gatewayUrl = this.url): string {
    const url = this.metricsUrls.get(gatewayUrl);
    if (!url) throw new Error(`no gateway at ${gatewayUrl}`);
    return `${url}/metrics`;
  }
  private readonly metricsUrls = new Map<string, string>();

  /** One more gateway replica on a port of its own (the first one is `url`); answers its URL once it is ready. */
  async addGateway(extraEnv: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const name = this.procs.some((p) => p.service === "gateway") ? `gateway-${this.procs.length}` : "gateway";
    const metricsPort = extraEnv.METRICS_PORT ?? String(await freePort());
    const proc = this.start(name, "gateway", "gw/server.ts", {
      WORKUP_INSTANCE: this.instanceOf({ name }),
      GATEWAY_PORT: String(port),
      ...extraEnv,
      METRICS_PORT: metricsPort,
    });
    this.metricsUrls.set(url, `http://127.0.0.1:${metricsPort}`);
    await waitFor(
      `the gateway on ${port}`,
      async () => {
        if (proc.proc.exitCode !== null) throw new Error(`gateway exited; see ${proc.log}`);
        return (await fetch(`${url}/readyz`)).ok;
      },
      30_000,
    );
    return url;
  }

  /** The process's instance name: its broker connection's name, and its name in control replies. */
  instanceOf(p: { name: string }): string {
    return `${this.ns}-${p.name}`;
  }

  private start(name: string, service: Proc["service"], entry: string, extraEnv: Record<string, string>): Proc {
    const log = `${this.logDir}/${name}.log`;
    const fd = openSync(log, "a");
    const proc = Bun.spawn([bun, entry], {
      cwd: root,
      env: { ...process.env, ...this.env, ...extraEnv },
      stdout: fd,
      stderr: fd,
    });
    const p = { name, service, proc, log };
    this.procs.push(p);
    return p;
  }

  /** The processes still running (not exited, not killed by a test). */
  running(): Proc[] {
    return this.procs.filter((p) => p.proc.exitCode === null && !p.proc.killed);
  }

  replicas(service: ServiceName): Proc[] {
    return this.running().filter((p) => p.service === service);
  }

  kill(p: Proc, signal: NodeJS.Signals = "SIGKILL"): Promise<number> {
    p.proc.kill(signal);
    return p.proc.exited;
  }

  /** A connection to one service's database, for checking what it holds. */
  db(service: ServiceName) {
    const url = new URL(pgUrl);
    url.pathname = `/${this.ns}_${service}`;
    return postgres(url.toString(), { max: 2, onnotice: () => {} });
  }

  async stop(): Promise<void> {
    for (const p of this.procs) if (p.proc.exitCode === null) p.proc.kill("SIGTERM");
    await Promise.race([Promise.all(this.procs.map((p) => p.proc.exited)), Bun.sleep(5000)]);
    for (const p of this.procs) if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
    if (this.amqp) await (await this.amqp.catch(() => null))?.close().catch(() => {});
    await removeNamespace(this.ns);
  }
}

export async function removeNamespace(ns: string): Promise<void> {
  await deleteVhost(mgmtUrl, ns);
  const sql = postgres(pgUrl, { max: 1, onnotice: () => {} });
  try {
    for (const s of services) await sql.unsafe(`drop database if exists "${ns}_${s}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${ns}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    /* Redis down: nothing to clean */
  } finally {
    redis.disconnect();
  }
}

/** Start the given services (default: all four) and the gateway in a fresh namespace. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const ns = newNamespace();
  const stack = new Stack(ns, {
    WORKUP_NAMESPACE: ns,
    WORKUP_ENV: "development",
    METRICS_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    JWT_SECRET: testJwtSecret,
    // Fresh contracts would otherwise end at the first termination request (the 3-day grace rule), and the suites
    // test the admin's handling; tests/contracts/terminations.test.ts runs the rule with its default.
    CONTRACTS_CANCEL_GRACE_HOURS: "0",
    ...opts.env,
  });
  await ensureVhost(mgmtUrl, ns);
  try {
    const list = opts.services ?? [...services];
    // Replicas of different services start in parallel; replicas of one service one by one.
    await Promise.all(
      list.map(async (s) => {
        for (let i = 0; i < (opts.replicas?.[s] ?? 1); i++) await stack.spawn(s);
      }),
    );
    if (opts.gateway ?? true) await stack.startGateway();
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

export const testJwtSecret = "workup-test-secret-0123456789abcdef0123456789";
