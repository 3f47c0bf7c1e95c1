// GET /healthz (the media folders are reachable); /metrics (Prometheus text) is served on METRICS_PORT only.
import { access, constants } from "node:fs/promises";
import { join } from "node:path";
import { json } from "../respond.ts";
import type { Handler } from "./context.ts";
import type { Metrics } from "../metrics.ts";

export const healthz: Handler = async (_req, _params, ctx) => {
  try {
    await Promise.all(ctx.config.groups.map((g) => access(join(ctx.config.dir, g.name), constants.W_OK)));
    return json({ status: "ok" });
  } catch {
    return json({ status: "unavailable", reason: "media directory is not writable" }, 503);
  }
};

/** The internal metrics server: GET /metrics, nothing else. */
export function serveMediaMetrics(host: string, port: number, metrics: Metrics) {
  return Bun.serve({
    hostname: host,
    port,
    fetch: (req) =>
      new URL(req.url).pathname === "/metrics" && req.method === "GET"
        ? new Response(metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } })
        : new Response("not found", { status: 404 }),
  });
}
