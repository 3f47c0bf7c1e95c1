// Environment access shared by every component: defaults that work with `make up`, secrets from NAME or NAME_FILE.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

export const isProduction = () => (process.env.WORKUP_ENV ?? "development") === "production";

export function env(name: string, fallback: string): string {
  const fromFile = process.env[`${name}_FILE`];
  if (fromFile) return readFileSync(fromFile, "utf8").trim();
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : value;
}

export function envInt(name: string, fallback: number): number {
  const raw = env(name, String(fallback));
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/** A secret: the dev default is refused in production, where the variable must be set (and not to that default). */
export function secret(name: string, devDefault: string): string {
  const value = env(name, "");
  if (isProduction() && (!value || value === devDefault)) {
    throw new Error(`${name} (or ${name}_FILE) must be set to a secret of your own when WORKUP_ENV=production (not the development default)`);
  }
  return value || devDefault;
}

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
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(namespace)) throw new Error(`WORKUP_NAMESPACE must match [a-z][a-z0-9_]*, got "${namespace}"`);
  return {
    namespace,
    // The RabbitMQ virtual host is the namespace: queue names stay `queue_<service>` and runs never share a queue.
    amqpUrl: env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"),
    mgmtUrl: env("RABBITMQ_MGMT_URL", "http://guest:guest@127.0.0.1:15672"),
    redisUrl: env("REDIS_URL", "redis://127.0.0.1:6379"),
    pgUrl: env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
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
