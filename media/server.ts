// The WorkUp media server: static files with placeholders, describe, and authenticated uploads (see media/README.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createBasicAuth } from "./auth.ts";
import { ConfigError, loadMediaConfig, type MediaConfig } from "./config.ts";
import { MediaError } from "./errors.ts";
import { createLogger, type Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { multipartOverheadBytes } from "./multipart.ts";
import { errorResponse } from "./respond.ts";
import { createStorage, prepareMediaDir } from "./storage.ts";
import type { Handler, Params, RouteContext } from "./routes/context.ts";
import { describeGroup, describeGroups } from "./routes/describe.ts";
import { healthz, metrics } from "./routes/health.ts";
import { serveStatic } from "./routes/static.ts";
import { upload } from "./routes/upload.ts";

interface Route { route: string; methods: string[]; pattern: RegExp; params: string[]; handler: Handler }

const read = ["GET", "HEAD"];
const routes: Route[] = [
  { route: "/static/:group/:file", methods: read, pattern: /^\/static\/([^/]+)\/([^/]+)$/, params: ["group", "file"], handler: serveStatic },
  { route: "/describe", methods: read, pattern: /^\/describe\/?$/, params: [], handler: describeGroups },
  { route: "/describe/:group", methods: read, pattern: /^\/describe\/([^/]+)\/?$/, params: ["group"], handler: describeGroup },
  { route: "/upload/:group", methods: ["POST"], pattern: /^\/upload\/([^/]+)\/?$/, params: ["group"], handler: upload },
  { route: "/healthz", methods: read, pattern: /^\/healthz$/, params: [], handler: healthz },
  { route: "/metrics", methods: ["GET"], pattern: /^\/metrics$/, params: [], handler: metrics },
];

function decodeParams(names: string[], values: string[]): Params {
  try {
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i])]));
  } catch {
    throw new MediaError("invalid", "Malformed percent-encoding in the path");
  }
}

interface Match { route: Route; params: Params }

/** The route for this path and method; throws 404 or 405 (with Allow) otherwise. */
function match(req: Request): Match {
  const path = new URL(req.url).pathname;
  const matching = routes.filter((r) => r.pattern.test(path));
  const route = matching.find((r) => r.methods.includes(req.method));
  if (!route) {
    if (!matching.length) throw new MediaError("not_found", `No route for ${path}`);
    const allow = [...new Set(matching.flatMap((r) => r.methods))].join(", ");
    throw new MediaError("method_not_allowed", `${req.method} is not allowed here`, undefined, { allow });
  }
  return { route, params: decodeParams(route.params, route.pattern.exec(path)!.slice(1)) };
}

/** The request handler alone, for in-process use; createMediaServer puts it on a port. */
export function createMediaHandler(config: MediaConfig, log: Logger = createLogger(config.logLevel)) {
  const ctx: RouteContext = {
    config, log, storage: createStorage(config.dir), metrics: createMetrics(),
    requireUploader: createBasicAuth(config.uploadUser, config.uploadPassword),
  };
  return async function handle(req: Request): Promise<Response> {
    let route = "unmatched"; // metrics label: the route pattern, never the raw path
    let response: Response;
    try {
      const found = match(req);
      route = found.route.route;
      response = await found.route.handler(req, found.params, ctx);
    } catch (err) {
      const known = err instanceof MediaError;
      if (!known) log.error("request failed", { method: req.method, route, error: (err as Error).message });
      response = errorResponse(known ? err : new MediaError("internal", "Internal error"), req.method === "HEAD");
    }
    ctx.metrics.countRequest(route, req.method, response.status);
    log.debug("request", { method: req.method, route, status: response.status });
    return response;
  };
}

export function createMediaServer(config: MediaConfig, log: Logger = createLogger(config.logLevel)) {
  for (const g of config.groups) {
    for (const file of Object.values(g.placeholders)) {
      if (!existsSync(join(config.defaultsDir, file))) throw new ConfigError(`placeholder ${file} for ${g.name} is missing from ${config.defaultsDir}`);
    }
  }
  for (const path of prepareMediaDir(config.dir, config.groups)) log.warn("removed stale upload temp file", { path });
  const server = Bun.serve({
    hostname: config.host,
    port: config.port,
    maxRequestBodySize: Math.max(...config.groups.map((g) => g.maxBytes)) + multipartOverheadBytes,
    fetch: createMediaHandler(config, log),
  });
  log.info("media server listening", { port: server.port, dir: config.dir, env: config.env, groups: config.groups.map((g) => g.name) });
  return server;
}

if (import.meta.main) {
  const log = createLogger(process.env.LOG_LEVEL ?? "info");
  let config: MediaConfig;
  try {
    config = loadMediaConfig();
  } catch (err) {
    log.fatal(`media server cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  const server = createMediaServer(config, createLogger(config.logLevel));
  const shutdown = async (signal: string) => {
    log.info("media server stopping", { signal });
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
