// A WorkUp stack inside the test process: the services and the gateway run here, talking through the in-memory
// broker (svc/runtime/memoryBroker.ts), on the real PostgreSQL and Redis in a namespace of their own. Starts in a
// fraction of the time of process stacks; faults, security, control and compose tests keep those.
import postgres from "postgres";
import { createMemoryBroker, MemoryServer } from "../../svc/runtime/memoryBroker.ts";
import { runService, type RunningService } from "../../svc/runtime/service.ts";
import { startGateway } from "../../gw/server.ts";
import { infrastructure } from "../../svc/runtime/config.ts";
import {
  newNamespace,
  removeNamespace,
  services as allServices,
  testJwtSecret,
  type ServiceName,
  type StackOptions,
} from "./stack.ts";

/** The memory broker of each running in-process stack, by namespace (tests/support/rpc.ts connects to it). */
export const memoryServers = new Map<string, MemoryServer>();

/** Runs `work` with these environment variables set (components read their settings when they start). */
async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

export class InProcessStack {
  url = "";
  readonly running: RunningService[] = [];
  private gateway: { stop(): Promise<void> } | null = null;

  constructor(
    readonly ns: string,
    readonly server: MemoryServer,
  ) {}

  db(service: ServiceName) {
    const url = new URL(infrastructure().pgUrl);
    url.pathname = `/${this.ns}_${service}`;
    return postgres(url.toString(), { max: 2, onnotice: () => {} });
  }

  async start(list: readonly ServiceName[], env: Record<string, string>, gateway: boolean): Promise<void> {
    await withEnv(env, async () => {
      await Promise.all(
        list.map(async (name) => {
          const def = (await import(`../../svc/${name}.ts`))[name];
          this.running.push(await runService(def, { broker: createMemoryBroker(this.server) }));
        }),
      );
      if (!gateway) return;
      const gw = await startGateway({ port: 0, host: "127.0.0.1" }, createMemoryBroker(this.server));
      this.gateway = gw;
      this.url = `http://127.0.0.1:${gw.port}`;
    });
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await Promise.all(this.running.map((s) => s.stop()));
    memoryServers.delete(this.ns);
    await removeNamespace(this.ns);
  }
}

export async function startInProcessStack(opts: StackOptions = {}): Promise<InProcessStack> {
  const ns = newNamespace();
  const server = new MemoryServer();
  memoryServers.set(ns, server);
  const stack = new InProcessStack(ns, server);
  const env = {
    WORKUP_NAMESPACE: ns,
    WORKUP_ENV: "development",
    METRICS_PORT: "0",
    METRICS_HOST: "127.0.0.1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    JWT_SECRET: testJwtSecret,
    CONTRACTS_CANCEL_GRACE_HOURS: "0",
    ...opts.env,
  };
  try {
    await stack.start(opts.services ?? allServices, env, opts.gateway ?? true);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}
