// The one configuration reader of every component (services, gateway, media, autoscaler, ctl): defaults that work
// with `make up`, secrets from NAME or NAME_FILE. Read when a component starts, never when a module is imported
// (a hot-swapped command module must not capture the configuration of the moment it was loaded).
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** Where settings come from: the process environment, or a given record (tests). */
export type Env = Record<string, string | undefined>;

/** NAME, or the contents of the file NAME_FILE names (Docker/Swarm secrets); undefined when unset or empty. */
export function setting(name: string, source: Env = process.env): string | undefined {
  const fromFile = source[`${name}_FILE`];
  if (fromFile) return readFileSync(fromFile, "utf8").trim();
  const value = source[name];
  return value === undefined || value === "" ? undefined : value;
}

export const isProduction = (source: Env = process.env) =>
  (setting("WORKUP_ENV", source) ?? "development") === "production";

export const env = (name: string, fallback: string, source: Env = process.env): string =>
  setting(name, source) ?? fallback;

export function envInt(name: string, fallback: number, source: Env = process.env): number {
  const raw = env(name, String(fallback), source);
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/** A secret: the dev default is refused in production, where the variable must be set (and not to that default). */
export function secret(name: string, devDefault: string): string {
  const value = env(name, "");
  if (isProduction() && (!value || value === devDefault)) {
    throw new Error(
      `${name} (or ${name}_FILE) must be set to a secret of your own when WORKUP_ENV=production ` +
        "(not the development default)",
    );
  }
  return value || devDefault;
}

/** The local servers `make infra` runs: the default of every component, test and benchmark. */
export const localInfrastructure = {
  amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
  mgmtUrl: "http://guest:guest@127.0.0.1:15672",
  redisUrl: "redis://127.0.0.1:6379",
  pgUrl: "postgres://postgres@127.0.0.1:5432/postgres",
} as const;

/** The servers' URLs from the environment, else the local ones: what tests, benchmarks and tools connect to. */
export const infrastructure = (source: Env = process.env) => ({
  amqpUrl: env("AMQP_URL", localInfrastructure.amqpUrl, source),
  mgmtUrl: env("RABBITMQ_MGMT_URL", localInfrastructure.mgmtUrl, source),
  redisUrl: env("REDIS_URL", localInfrastructure.redisUrl, source),
  pgUrl: env("DATABASE_URL", localInfrastructure.pgUrl, source),
});

export interface BaseConfig {
  namespace: string;
  amqpUrl: string;
  mgmtUrl: string;
  redisUrl: string;
  pgUrl: string;
  controlSecret: string;
  instance: string;
}

export function baseConfig(component: string): BaseConfig {
  const namespace = env("WORKUP_NAMESPACE", "workup");
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(namespace))
    throw new Error(`WORKUP_NAMESPACE must match [a-z][a-z0-9_]*, got "${namespace}"`);
  return {
    namespace,
    // The RabbitMQ virtual host is the namespace: queue names stay `queue_<service>` and runs never share a queue.
    ...infrastructure(),
    controlSecret: secret("CONTROL_SECRET", "workup-dev-control-secret"),
    instance: env("WORKUP_INSTANCE", `${component}-${hostname()}-${process.pid}`),
  };
}

/** The database of one service: <SERVICE>_DATABASE_URL, else <namespace>_<service> on the DATABASE_URL server. */
export function serviceDatabaseUrl(service: string, base: BaseConfig): string {
  const explicit = env(`${service.toUpperCase()}_DATABASE_URL`, "");
  if (explicit) return explicit;
  const url = new URL(base.pgUrl);
  url.pathname = `/${base.namespace}_${service}`;
  return url.toString();
}
