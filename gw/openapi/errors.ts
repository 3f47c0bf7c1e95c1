// The error statuses a route can answer, from what the route declares: every one has the same body,
// { error: { status, code, message, field? } } (gw/errors.ts).
import { t, OneOf } from "../../svc/runtime/types.ts";
import type { Route } from "../routes/route.ts";

export const errorSchema = t.Object(
  {
    error: t.Object(
      {
        status: t.Integer({ description: "the HTTP status again" }),
        code: OneOf([
          "invalid",
          "unauthorized",
          "forbidden",
          "not_found",
          "unknown_command",
          "conflict",
          "too_large",
          "too_many_requests",
          "unavailable",
          "timeout",
          "internal",
        ]),
        message: t.String({ description: "for a person: what was wrong" }),
        field: t.Optional(t.String({ description: "the body field, path or query parameter at fault" })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const errorDescriptions: Record<number, string> = {
  400: "Invalid input: the message and `field` name what (also an undeclared query parameter)",
  401: "No valid bearer token (or, for login, a wrong email or password)",
  403: "The caller's role or relation to the resource does not allow this",
  404: "No such resource, or not one the caller may see",
  409: "Conflicts with the current state (taken, already done, not pending, balance too low...)",
  413: "The body is larger than the gateway accepts",
  429: "Too many failed logins: wait for Retry-After seconds",
  503: "The service is unreachable (not connected to the broker, or no replica answers)",
  504: "The service did not answer in time",
};

/** Every route: 400 (input, undeclared query), 503 and 504; then what its declaration adds. */
export function errorStatuses(route: Route): number[] {
  const statuses = [400, 503, 504];
  if (route.body) statuses.push(413);
  if (route.access !== "public") statuses.push(401, 403, 404);
  if (route.params) statuses.push(404);
  if (route.throttle === "login") statuses.push(401, 403, 429);
  else if (route.method !== "GET") statuses.push(409);
  return [...new Set(statuses)].sort();
}
