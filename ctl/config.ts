// The controller's settings: environment variables with local defaults (README "Runtime control").
import { baseConfig, envInt } from "../svc/runtime/config.ts";
import { amqpUrlFor } from "../svc/runtime/vhost.ts";

export const controlledServices = ["users", "jobs", "contracts", "payments"] as const;

export function ctlConfig() {
  const base = baseConfig("ctl");
  return {
    namespace: base.namespace,
    /** The namespace's virtual host on the broker the services use. */
    amqpUrl: amqpUrlFor(base.amqpUrl, base.namespace),
    mgmtUrl: base.mgmtUrl,
    secret: base.controlSecret,
    /** How long to wait for the replicas' answers (--timeout). */
    timeoutMs: envInt("CTL_TIMEOUT_MS", 10_000),
  };
}
export type CtlConfig = ReturnType<typeof ctlConfig>;

export function serviceArg(raw: string): string {
  const service = raw.toLowerCase();
  if (!(controlledServices as readonly string[]).includes(service))
    throw new UsageError(`service must be one of ${controlledServices.join(", ")}, got "${raw}"`);
  return service;
}

export function positiveInt(raw: unknown, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${String(raw)}"`);
  return n;
}

/** --timeout, or CTL_TIMEOUT_MS. */
export const timeoutArg = (cfg: CtlConfig, raw: unknown) =>
  raw === undefined ? cfg.timeoutMs : positiveInt(raw, "--timeout");

/** A mistake in the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
