// Login throttling as a route macro (`{ throttle: true }`): failed logins (a 401 reply) are counted per account and
// client address, and past the limit the next attempts get 429 with Retry-After (gw/loginThrottle.ts keeps the counts).
// Without a LoginThrottle (tests, no Redis), nothing is counted.
import { Elysia } from "elysia";
import { AppError } from "../../svc/runtime/errors.ts";
import { errorResponse } from "../errors.ts";
import type { LoginThrottle } from "../loginThrottle.ts";

const emailOf = (body: unknown) => String((body as { email?: string } | null)?.email ?? "");
const clientOf = (request: Request, server: { requestIP(r: Request): { address: string } | null } | null) =>
  server?.requestIP(request)?.address ?? "local";

export const loginThrottlePlugin = (throttle?: LoginThrottle) =>
  new Elysia({ name: "workup-login-throttle" }).macro({
    throttle: {
      async beforeHandle({ body, request, server }) {
        const wait = throttle ? await throttle.blockedFor(emailOf(body), clientOf(request, server)) : 0;
        if (wait <= 0) return;
        const refused = new AppError("too_many_requests", `Too many failed logins; try again in ${wait} s`);
        return errorResponse(refused.toWire(), { "retry-after": String(wait) });
      },
      // The reply of the login command: a service's error reply is a Response, its 401 a failed login.
      async afterHandle({ body, request, server, responseValue }) {
        if (!(responseValue instanceof Response)) await throttle?.succeeded(emailOf(body));
        else if (responseValue.status === 401) await throttle?.failed(emailOf(body), clientOf(request, server));
      },
    },
  });
