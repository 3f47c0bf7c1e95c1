// What every route handler receives: the configuration and the shared parts, never globals.
import type { MediaConfig } from "../config.ts";
import { notFound } from "../errors.ts";
import type { GroupSpec } from "../groups.ts";
import type { Logger } from "../../svc/runtime/log.ts";
import type { Metrics } from "../metrics.ts";
import type { Storage } from "../storage.ts";

export interface RouteContext {
  config: MediaConfig;
  storage: Storage;
  log: Logger;
  metrics: Metrics;
  /** The request's client address (per request). */
  client: string;
  /** 401 without the upload credentials, 429 while the client is locked out after failures. */
  requireUploader(req: Request, client: string): void;
}

export type Params = Record<string, string>;
export type Handler = (req: Request, params: Params, ctx: RouteContext) => Promise<Response> | Response;

export function findGroup(ctx: RouteContext, name: string): GroupSpec {
  const group = ctx.config.groups.find((g) => g.name === name);
  if (!group) throw notFound(`Unknown resource group "${name}"; GET /describe lists them`);
  return group;
}
