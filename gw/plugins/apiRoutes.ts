// The API: one Elysia route per row of the route table, each sending its command to its service and answering the
// reply. Auth, token issuing and login throttling are the macros the row turns on; errors go to the error mapping.
import { Elysia } from "elysia";
import type { TObject, TSchema } from "@sinclair/typebox";
import { AppError } from "../../svc/runtime/errors.ts";
import type { RpcClient } from "../../svc/runtime/rpc.ts";
import type { Caller } from "../../svc/runtime/envelope.ts";
import type { Route } from "../routes/route.ts";
import { errorResponse, fileResponse, jsonResponse } from "../errors.ts";
import { authPlugin, type AuthOptions } from "./auth.ts";
import { throttledLogin, type LoginThrottle } from "../loginThrottle.ts";
import { signMediaLinks, type MediaLinkSigner } from "../mediaLinks.ts";
import type { EdgeCache } from "../edgeCache.ts";
import { edgeTag } from "../edgeInvalidations.ts";
import { everyKey } from "../../svc/runtime/announcements.ts";

export interface ApiOptions extends AuthOptions {
  routes: Route[];
  rpc: RpcClient;
  replyTimeoutMs: number;
  loginThrottle?: LoginThrottle;
  /** Signs links to private media in answers (gw/mediaLinks.ts). */
  mediaLinks: MediaLinkSigner;
  /** Answers of the routes that declare `edgeCache` (gw/edgeCache.ts); without it every GET asks its service. */
  edgeCache?: EdgeCache;
}

const json = { "content-type": "application/json" };

/**
 * The edge cache's key: the path and its query (sorted, in place: the URL is the handler's own), and the caller where
 * the route's answer depends on it.
 */
function edgeKey(route: Route, { pathname, searchParams }: URL, caller: Caller | null): string {
  searchParams.sort();
  return `${route.edgeCache?.perCaller ? (caller?.id ?? "-") : "*"} ${pathname}?${searchParams}`;
}

const idempotencyId = (caller: Caller | null, route: Route, key: string) =>
  new Bun.CryptoHasher("sha256").update(`${caller?.id ?? "-"}|${route.method} ${route.path}|${key}`).digest("hex");

/** The command's input: the row's own mapping, else its body, declared query parameters and path parameters. */
type RouteRequest = { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
const inputOf = (route: Route, req: RouteRequest) =>
  route.input
    ? route.input(req)
    : { ...(route.body ? (req.body as object) : {}), ...(route.query ? req.query : {}), ...req.params };

/** A query string feeds only the parameters a route declares: anything else is refused, never passed on. */
function refuseUndeclaredQuery(route: Route, url: URL) {
  const declared = Object.keys((route.query as TObject | undefined)?.properties ?? {});
  const unknown = [...new Set(url.searchParams.keys())].filter((name) => !declared.includes(name));
  if (unknown.length === 0) return;
  const allowed = declared.length ? ` (this route takes ${declared.join(", ")})` : " (this route takes none)";
  throw new AppError("invalid", `Unknown query parameter ${unknown.join(", ")}${allowed}`, unknown[0]);
}

export function apiRoutes({ routes, rpc, replyTimeoutMs, loginThrottle, mediaLinks, edgeCache, ...auth }: ApiOptions) {
  const app = new Elysia({ name: "workup-api" }).use(authPlugin(auth));
  for (const route of routes) {
    const hook = {
      access: route.access,
      body: route.body as TSchema,
      query: route.query as TSchema,
      params: route.params as TSchema,
      // The answer: a file's bytes, or JSON with the row's success status.
      mapResponse: ({ responseValue }: { responseValue: unknown }) =>
        responseValue instanceof Response
          ? responseValue
          : route.binary
            ? fileResponse(responseValue as Parameters<typeof fileResponse>[0])
            : jsonResponse(responseValue, route.status),
    };
    // Only the macros a row turns on: a macro's key turns it on whatever its value (Elysia 1.4.30).
    const macros = {
      ...(route.issuesToken && { issuesToken: true }),
    };
    app.route(
      route.method,
      route.path,
      async ({ caller, request, params, query, body, server }) => {
        const url = new URL(request.url);
        refuseUndeclaredQuery(route, url);
        const edge = route.edgeCache && edgeCache ? { key: edgeKey(route, url, caller), cache: edgeCache } : null;
        const hit = edge?.cache.get(edge.key);
        if (hit !== undefined) return new Response(hit, { headers: json });
        const loadedAt = edge?.cache.loading() ?? 0;
        const ask = async () => {
          const key = route.method === "POST" ? request.headers.get("idempotency-key") : null;
          const reply = await rpc.request(
            route.contract.service,
            route.contract.command,
            inputOf(route, { params, query, body }),
            {
              caller,
              origin: "gateway",
              timeoutMs: replyTimeoutMs,
              idempotencyKey: key ? idempotencyId(caller, route, key) : undefined,
            },
          );
          // A service's error reply is an answer (passed on as the service wrote it), not an exception.
          if (!reply.ok) return errorResponse(reply.error);
          // Read your writes: what this write changed leaves this gateway's edge cache before the client hears back.
          if (reply.invalidates?.length)
            edgeCache?.drop(reply.invalidates.map((k) => edgeTag(route.contract.service, k)));
          if (edge && route.edgeCache) {
            const answer = JSON.stringify(reply.body);
            const tags = [...route.edgeCache.tags(params as Record<string, string>), everyKey];
            const service = route.contract.service;
            edge.cache.set(
              edge.key,
              answer,
              tags.map((t) => edgeTag(service, t)),
              route.edgeCache.ttlSeconds,
              loadedAt,
            );
            return new Response(answer, { headers: json });
          }
          if (route.mediaLinks) return signMediaLinks(reply.body, route.mediaLinks, caller, mediaLinks) as object;
          return reply.body as Record<string, unknown>;
        };
        return route.throttle === "login" ? throttledLogin(loginThrottle, { body, request, server }, ask) : ask();
      },
      { ...hook, ...macros } as typeof hook,
    );
  }
  return app;
}
