// Login throttling as a route macro (`{ throttle: true }`): each attempt is counted per account and client address
// before the login command checks the password; past the limit it gets 429 with Retry-After instead (the counts and
// rules: gw/loginThrottle.ts). The reply settles the attempt: a 401 stays a failure, a success clears the count,
// anything else (a 4xx about the input, a 5xx) is given back. Without a LoginThrottle (tests), nothing is counted.
import { Elysia } from "elysia";
import { AppError } from "../../svc/runtime/errors.ts";
import { errorResponse } from "../errors.ts";
import type { LoginOutcome, LoginThrottle } from "../loginThrottle.ts";

const emailOf = (body: unknown) => String((body as { email?: string } | null)?.email ?? "");
const clientOf = (request: Request, server: { requestIP(r: Request): { address: string } | null } | null) =>
  server?.requestIP(request)?.address ?? "local";
const outcomeOf = (reply: unknown): LoginOutcome | null => {
  if (!(reply instanceof Response)) return "succeeded";
  if (reply.status === 429) return null; // refused here: nothing was counted
  return reply.status === 401 ? "failed" : "unchecked";
};

export const loginThrottlePlugin = (throttle?: LoginThrottle) =>
  new Elysia({ name: "workup-login-throttle" }).macro({
    throttle: {
      async beforeHandle({ body, request, server }) {
        const wait = throttle ? await throttle.attempt(emailOf(body), clientOf(request, server)) : 0;
        if (wait <= 0) return;
        const refused = new AppError("too_many_requests", `Too many failed logins; try again in ${wait} s`);
        return errorResponse(refused.toWire(), { "retry-after": String(wait) });
      },
      async afterHandle({ body, request, server, responseValue }) {
        const outcome = outcomeOf(responseValue);
        if (outcome) await throttle?.settle(emailOf(body), clientOf(request, server), outcome);
      },
      // A timeout or an unreachable service checked no password.
      async error({ body, request, server }) {
        await throttle?.settle(emailOf(body), clientOf(request, server), "unchecked");
      },
    },
  });
