// Calls built from the gateway's route table: every route with a concrete path, query and body that satisfy its
// schemas, so a security test can send each route a request that would succeed but for who sends it.
import { routes } from "../../gw/routes/index.ts";
import type { Route } from "../../gw/routes/route.ts";
import type { Role } from "../../svc/runtime/envelope.ts";
import { seeded, validValue, type Rng, type Schema } from "./fuzz.ts";

export { routes, type Route };
export const roles: Role[] = ["CLIENT", "FREELANCER", "ADMIN"];

export interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** A request to the route whose parameters, query and body satisfy its schemas (`values` overrides path parameters). */
export function validCall(route: Route, rnd: Rng = seeded(1), values: Record<string, string> = {}): Call {
  const params = (route.params ?? {}) as Schema;
  let path = route.path.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? String(validValue(params.properties?.[name] ?? { type: "string" }, rnd))),
  );
  if (route.query) {
    const query = new URLSearchParams(
      Object.entries(validValue(route.query as Schema, rnd) as Record<string, unknown>).map(
        ([k, v]): [string, string] => [k, String(v)],
      ),
    );
    if ([...query].length) path += `?${query}`;
  }
  return {
    method: route.method,
    path,
    body: route.body
      ? validValue(route.body as Schema, rnd)
      : route.method === "GET" || route.method === "DELETE"
        ? undefined
        : {},
  };
}

export const describeRoute = (r: Route) => `${r.method} ${r.path}`;
export const isProtected = (r: Route) => r.access !== "public";
/** The roles a route refuses (none for public and "authenticated" routes). */
export const refusedRoles = (r: Route): Role[] =>
  Array.isArray(r.access) ? roles.filter((role) => !(r.access as Role[]).includes(role)) : [];
/** The roles a route accepts. */
export const acceptedRoles = (r: Route): Role[] =>
  r.access === "public" || r.access === "authenticated" ? roles : r.access;
