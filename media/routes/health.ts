// GET /healthz (the media folders are reachable) and GET /metrics (Prometheus text).
import { access, constants } from "node:fs/promises";
import { join } from "node:path";
import { json } from "../respond.ts";
import type { Handler } from "./context.ts";

export const healthz: Handler = async (_req, _params, ctx) => {
  try {
    await Promise.all(ctx.config.groups.map((g) => access(join(ctx.config.dir, g.name), constants.W_OK)));
    return json({ status: "ok" });
  } catch {
    return json({ status: "unavailable", reason: "media directory is not writable" }, 503);
  }
};

export const metrics: Handler = (_req, _params, ctx) =>
  new Response(ctx.metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
