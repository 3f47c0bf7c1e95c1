// The gateway: every API route comes from the route table (routes/), authenticated, validated, sent to
// its service over RabbitMQ, and the reply mapped to HTTP in one place.
import { Elysia } from "elysia";
import { Value } from "@sinclair/typebox/value";
import { jwt } from "@elysiajs/jwt";
import { openapi } from "@elysiajs/openapi";
import { routes as defaultRoutes } from "./routes/index.ts";
import type { Route } from "./routes/route.ts";
import { authenticate, authorize, type AccountCheck } from "./auth.ts";
import { errorResponse, fileResponse, jsonResponse, validationError } from "./errors.ts";
import { parseJsonBody } from "./jsonBody.ts";
import type { GatewayConfig } from "./config.ts";
import type { RpcClient } from "../svc/runtime/rpc.ts";
import type { Caller } from "../svc/runtime/envelope.ts";
import { AppError } from "../svc/runtime/errors.ts";
import type { Logger } from "../svc/runtime/log.ts";
import type { GatewayMetrics } from "./metrics.ts";
import type { LoginThrottle } from "./loginThrottle.ts";

export interface GatewayDeps {
  config: Pick<GatewayConfig, "jwtSecret" | "tokenTtl" | "replyTimeoutMs" | "maxBodyBytes">;
  rpc: RpcClient;
  log: Logger;
  metrics?: GatewayMetrics;
  routes?: Route[];
  loginThrottle?: LoginThrottle;
  /** Refuses tokens of accounts that no longer exist (server.ts asks the users service; tests may leave it out). */
  accountCheck?: AccountCheck;
}

/** Elysia reports a coerced query value that breaks a limit without its name: find it with the route's schema. */
function queryFieldOf(routes: Route[], method: string, path: string, query: unknown): string | undefined {
  const schema = routes.find((r) => r.method === method && r.path === path)?.query;
  if (!schema) return undefined;
  const first = Value.Errors(schema, Value.Convert(schema, { ...(query as object) })).First();
  return first?.path.replace(/^\//, "").replace(/\//g, ".") || undefined;
}

const idempotencyId = (caller: Caller | null, route: Route, key: string) =>
  new Bun.CryptoHasher("sha256").update(`${caller?.id ?? "-"}|${route.method} ${route.path}|${key}`).digest("hex");

export function createGateway({ config, rpc, log, metrics, routes = defaultRoutes, loginThrottle, accountCheck }: GatewayDeps) {
  const callers = new WeakMap<Request, Caller | null>();
  const startedAt = new WeakMap<Request, number>();

  const app = new Elysia({ serve: { maxRequestBodySize: config.maxBodyBytes } })
    .use(jwt({ name: "jwt", secret: config.jwtSecret, exp: config.tokenTtl }))
    .use(openapi({
      path: "/docs",
      specPath: "/openapi.json",
      documentation: {
        info: { title: "WorkUp API", version: "1.0.0", description: "Freelance marketplace: users, jobs, proposals, contracts, payments." },
        components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      },
    }))
    .onRequest(({ request }) => {
      startedAt.set(request, performance.now());
      metrics?.started();
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length > config.maxBodyBytes) {
        metrics?.finished("unmatched", request.method, 413, 0);
        return errorResponse(new AppError("too_large", `The request body is larger than ${config.maxBodyBytes} bytes`).toWire());
      }
    })
    .onParse(({ request }, contentType) => (contentType === "application/json" ? request.text().then(parseJsonBody) : undefined))
    .onAfterResponse(({ request, route, set, responseValue }) => {
      const t0 = startedAt.get(request);
      const status = responseValue instanceof Response ? responseValue.status : Number(set.status ?? 200);
      metrics?.finished(route || "unmatched", request.method, status, t0 === undefined ? 0 : (performance.now() - t0) / 1000);
    })
    .onError(({ code, error, request, route, query }) => {
      if (error instanceof AppError) return errorResponse(error.toWire(), error.code === "unauthorized" ? { "www-authenticate": "Bearer" } : {});
      switch (code) {
        case "VALIDATION": return errorResponse(validationError(error as never, queryFieldOf(routes, request.method, route, query)));
        case "PARSE": {
          const cause = (error as { cause?: unknown }).cause;
          return errorResponse((cause instanceof AppError ? cause : new AppError("invalid", "The request body is not valid JSON")).toWire());
        }
        case "NOT_FOUND": return errorResponse(new AppError("not_found", `No route ${request.method} ${new URL(request.url).pathname}`).toWire());
      }
      if ((error as { status?: number })?.status === 413) return errorResponse(new AppError("too_large", "The request body is too large").toWire());
      log.error("unhandled gateway error", { code, err: (error as Error)?.message });
      return errorResponse(new AppError("internal", "Internal error").toWire());
    })
    .get("/", () => new Response("Welcome to WorkUp!", { headers: { "content-type": "text/plain" } }), { detail: { summary: "Welcome text", tags: ["meta"] } })
    .get("/healthz", () => jsonResponse({ ok: true }), { detail: { hide: true } })
    .get("/readyz", () => (rpc.ready ? jsonResponse({ ok: true }) : errorResponse(new AppError("unavailable", "Not connected to the message broker").toWire())), { detail: { hide: true } })
    .get("/metrics", async () => new Response(await metrics?.registry.metrics() ?? "", { headers: { "content-type": "text/plain; version=0.0.4" } }), { detail: { hide: true } });

  for (const route of routes) {
    app.route(route.method, route.path, async ({ request, params, query, body, jwt, server }) => {
      const caller = callers.get(request) ?? null;
      const throttled = route.throttle && loginThrottle
        ? { email: String((body as { email?: string })?.email ?? ""), client: server?.requestIP(request)?.address ?? "local" }
        : null;
      if (throttled) {
        const wait = await loginThrottle!.blockedFor(throttled.email, throttled.client);
        if (wait > 0) return errorResponse(new AppError("too_many_requests", `Too many failed logins; try again in ${wait} s`).toWire(), { "retry-after": String(wait) });
      }
      // A route that declares no body ignores one (unvalidated, it could be anything, e.g. too deep to forward).
      const input = route.input ? route.input({ params, query, body }) : { ...(route.body ? (body as object) : {}), ...(query as object), ...(params as object) };
      const key = route.method === "POST" ? request.headers.get("idempotency-key") : null;
      const reply = await rpc.request(route.contract.service, route.contract.command, input, {
        caller, origin: "gateway", timeoutMs: config.replyTimeoutMs,
        idempotencyKey: key ? idempotencyId(caller, route, key) : undefined,
      });
      if (throttled) await (reply.ok ? loginThrottle!.succeeded(throttled.email) : reply.error.status === 401 ? loginThrottle!.failed(throttled.email, throttled.client) : undefined);
      if (!reply.ok) return errorResponse(reply.error);
      if (route.issuesToken) {
        const who = reply.body as { userId: string; email: string; role: string };
        return jsonResponse({ authToken: await jwt.sign({ sub: who.email, userId: who.userId, role: who.role }) }, route.status);
      }
      if (route.binary) return fileResponse(reply.body as { contentType: string; filename?: string; base64: string });
      return jsonResponse(reply.body, route.status);
    }, {
      body: route.body as never,
      query: route.query as never,
      params: route.params as never,
      // Authentication runs before validation: an anonymous caller gets 401, not a 400 about the body.
      transform: async ({ request, jwt }: { request: Request; jwt: { verify(t?: string, o?: { algorithms: string[] }): Promise<false | Record<string, unknown>> } }) => {
        const caller = await authenticate(jwt, request.headers.get("authorization"), accountCheck);
        authorize(route.access, caller);
        callers.set(request, caller);
      },
      detail: {
        summary: route.summary,
        tags: [route.contract.service],
        ...(route.access === "public" ? {} : { security: [{ bearer: [] }] }),
      },
    } as never);
  }
  return app;
}
