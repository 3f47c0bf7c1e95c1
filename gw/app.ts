// The gateway: Elysia plugins, one concern each (gw/plugins/), around the route table (gw/routes/).
import { Elysia } from "elysia";
import { routes as defaultRoutes } from "./routes/index.ts";
import type { Route } from "./routes/route.ts";
import type { AccountCheck } from "./auth.ts";
import { errorResponse, jsonResponse } from "./errors.ts";
import type { GatewayConfig } from "./config.ts";
import type { GatewayMetrics } from "./metrics.ts";
import type { LoginThrottle } from "./loginThrottle.ts";
import type { EdgeCache } from "./edgeCache.ts";
import { apiDocs } from "./plugins/apiDocs.ts";
import { apiRoutes } from "./plugins/apiRoutes.ts";
import { bodyLimits } from "./plugins/bodyLimits.ts";
import { errorMapping } from "./plugins/errors.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { securityHeaders } from "./plugins/securityHeaders.ts";
import type { RpcClient } from "../svc/runtime/rpc.ts";
import { AppError } from "../svc/runtime/errors.ts";
import { devMediaSigningKey } from "../svc/runtime/mediaSignature.ts";
import type { Logger } from "../svc/runtime/log.ts";

export interface GatewayDeps {
  config: Pick<GatewayConfig, "jwtSecret" | "tokenTtl" | "replyTimeoutMs" | "maxBodyBytes"> &
    Partial<Pick<GatewayConfig, "mediaLinks">>;
  rpc: RpcClient;
  log: Logger;
  metrics?: GatewayMetrics;
  routes?: Route[];
  loginThrottle?: LoginThrottle;
  /** Refuses tokens of accounts that no longer exist (server.ts asks the users service; tests may leave it out). */
  accountCheck?: AccountCheck;
  /** The edge cache of cacheable GETs (server.ts; tests may leave it out). */
  edgeCache?: EdgeCache;
}

const info = {
  title: "WorkUp API",
  version: "1.0.0",
  description:
    "Freelance marketplace: clients post jobs, freelancers propose, an accepted proposal becomes a contract, " +
    "delivered milestones become payment requests, clients pay into freelancer wallets, freelancers withdraw. " +
    "Amounts are JSON numbers with at most two decimals. Errors are `{ error: { status, code, message, field? } }`.",
};

export function createGateway(deps: GatewayDeps) {
  const { config, rpc, log, metrics, routes = defaultRoutes, loginThrottle, accountCheck, edgeCache } = deps;
  const notConnected = () => errorResponse(new AppError("unavailable", "Not connected to the message broker").toWire());
  // Bun's own limit answers an empty 413: it sits far above ours, which answers the JSON error (plugins/bodyLimits.ts).
  return new Elysia({ serve: { maxRequestBodySize: Number.MAX_SAFE_INTEGER } })
    .use(securityHeaders())
    .use(metricsPlugin(metrics))
    .use(bodyLimits(config.maxBodyBytes, (request) => metrics?.finished("unmatched", request.method, 413, 0)))
    .use(errorMapping(log, (method, path) => routes.find((r) => r.method === method && r.path === path)?.query))
    .use(apiDocs(routes, info))
    .get("/", () => new Response("Welcome to WorkUp!", { headers: { "content-type": "text/plain" } }))
    .get("/healthz", () => jsonResponse({ ok: true }))
    .get("/readyz", () => (rpc.ready ? jsonResponse({ ok: true }) : notConnected()))
    .use(
      apiRoutes({
        routes,
        rpc,
        replyTimeoutMs: config.replyTimeoutMs,
        loginThrottle,
        jwtSecret: config.jwtSecret,
        tokenTtl: config.tokenTtl,
        accountCheck,
        edgeCache,
        mediaLinks: config.mediaLinks ?? { key: devMediaSigningKey, ttlSeconds: 300 },
      }),
    );
}
