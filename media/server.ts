// The WorkUp media server: static files with placeholders, describe, and authenticated uploads (see media/README.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BunRequest, Server } from "bun";
import { createBasicAuth } from "./auth.ts";
import { createAuthThrottle } from "./authThrottle.ts";
import { ConfigError, loadMediaConfig, type MediaConfig } from "./config.ts";
import { MediaError } from "./errors.ts";
import { createLogger, parseLevel, type Logger } from "../svc/runtime/log.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { serveMediaMetrics } from "./routes/health.ts";
import { multipartOverheadBytes } from "./multipart.ts";
import { errorResponse } from "./respond.ts";
import { createStorage, prepareMediaDir } from "./storage.ts";
import type { Handler, RouteContext } from "./routes/context.ts";
import { mediaRoutes } from "./routes/table.ts";
import { stopWithParent } from "../svc/runtime/parentWatch.ts";

// Methods Bun.serve routes dispatch on; one a route does not take answers 405 with Allow.
const httpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
type RouteHandler = (req: BunRequest, server: Server<unknown>) => Promise<Response>;

export const mediaLogger = (level: string) => createLogger({ service: "media" }, { level: parseLevel(level) });

/** Bun.serve's `routes` and `fetch` (no route: 404), every answer counted by route pattern, errors as JSON. */
function mediaHandlers(config: MediaConfig, log: Logger, metrics: Metrics) {
  const ctx: RouteContext = {
    config,
    log,
    storage: createStorage(config.dir),
    metrics,
    client: "",
    requireUploader: createBasicAuth(config.uploadUser, config.uploadPassword, createAuthThrottle(config.authThrottle)),
  };
  // `label` is the metrics label: the route pattern, never the raw path ("unmatched" for 404 and 405).
  const answer = async (req: Request, label: string, run: () => Promise<Response> | Response) => {
    let response: Response;
    try {
      response = await run();
    } catch (err) {
      const known = err instanceof MediaError;
      if (!known) log.error("request failed", { method: req.method, route: label, error: (err as Error).message });
      response = errorResponse(known ? err : new MediaError("internal", "Internal error"), req.method === "HEAD");
    }
    ctx.metrics.countRequest(label, req.method, response.status);
    log.debug("request", { method: req.method, route: label, status: response.status });
    return response;
  };
  const handle =
    (path: string, handler: Handler): RouteHandler =>
    (req, server) =>
      answer(req, path, () => {
        // Bun decodes the parameters, turning malformed percent-encoding into U+FFFD: refuse it instead.
        try {
          decodeURIComponent(new URL(req.url).pathname);
        } catch {
          throw new MediaError("invalid", "Malformed percent-encoding in the path");
        }
        const client = server.requestIP(req)?.address ?? "unknown";
        return handler(req, req.params as Record<string, string>, { ...ctx, client });
      });
  const refuse =
    (allow: string): RouteHandler =>
    (req) =>
      answer(req, "unmatched", () => {
        throw new MediaError("method_not_allowed", `${req.method} is not allowed here`, undefined, { allow });
      });
  const routes: Record<string, Record<string, RouteHandler>> = {};
  for (const route of mediaRoutes) {
    const allow = Object.keys(route.methods).join(", ");
    const byMethod = Object.fromEntries(
      httpMethods.map((m) => {
        const handler = route.methods[m];
        return [m, handler ? handle(route.path, handler) : refuse(allow)];
      }),
    );
    routes[route.path] = byMethod;
    if (route.trailingSlash) routes[`${route.path}/`] = byMethod;
  }
  const fallback = (req: Request) =>
    answer(req, "unmatched", () => {
      throw new MediaError("not_found", `No route for ${new URL(req.url).pathname}`);
    });
  return { routes, fetch: fallback };
}

export function createMediaServer(config: MediaConfig, log: Logger = mediaLogger(config.logLevel)) {
  for (const g of config.groups) {
    for (const file of Object.values(g.placeholders)) {
      if (!existsSync(join(config.defaultsDir, file)))
        throw new ConfigError(`placeholder ${file} for ${g.name} is missing from ${config.defaultsDir}`);
    }
  }
  for (const path of prepareMediaDir(config.dir, config.groups)) log.warn("removed stale upload temp file", { path });
  const metrics = createMetrics();
  const server = Bun.serve({
    hostname: config.host,
    port: config.port,
    maxRequestBodySize: Math.max(...config.groups.map((g) => g.maxBytes)) + multipartOverheadBytes,
    ...mediaHandlers(config, log, metrics),
  });
  const metricsServer = serveMediaMetrics(config.metricsHost, config.metricsPort, metrics);
  log.info("media server listening", {
    port: server.port,
    metricsPort: metricsServer.port,
    dir: config.dir,
    env: config.env,
    groups: config.groups.map((g) => g.name),
  });
  return {
    port: server.port ?? config.port,
    metricsPort: metricsServer.port ?? config.metricsPort,
    async stop(closeActive = false) {
      metricsServer.stop(true);
      await server.stop(closeActive);
    },
  };
}

if (import.meta.main) {
  const log = createLogger({ service: "media" });
  let config: MediaConfig;
  try {
    config = loadMediaConfig();
  } catch (err) {
    log.fatal(`media server cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const server = createMediaServer(config, mediaLogger(config.logLevel));
  const shutdown = async (signal: string) => {
    log.info("media server stopping", { signal });
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  stopWithParent();
}
