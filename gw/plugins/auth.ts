// Authentication and the role rules of a route, as Elysia macros: `{ access: ["CLIENT"] }` on a route refuses other
// callers (401 / 403) and gives the handler a typed `caller` (null on public routes). The caller's id always comes
// from the verified token.
import { Elysia } from "elysia";
import { jwt } from "@elysiajs/jwt";
import { authenticate, authorize, type AccountCheck } from "../auth.ts";
import type { Access } from "../routes/route.ts";

export interface AuthOptions {
  jwtSecret: string;
  tokenTtl: string;
  accountCheck?: AccountCheck;
}

export const authPlugin = ({ jwtSecret, tokenTtl, accountCheck }: AuthOptions) =>
  new Elysia({ name: "workup-auth", seed: jwtSecret })
    .use(jwt({ name: "jwt", secret: jwtSecret, exp: tokenTtl }))
    .macro({
      access: (access: Access) => ({
        // Before validation, so an anonymous caller gets 401, not a 400 about the body.
        async transform({ jwt, request }) {
          authorize(access, await authenticate(jwt, request.headers.get("authorization"), accountCheck));
        },
        // The token was verified (and remembered) just above: this is a lookup.
        async resolve({ jwt, request }) {
          return { caller: await authenticate(jwt, request.headers.get("authorization"), accountCheck) };
        },
      }),
      /** The route's command answers { userId, email, role }; the client gets { authToken } for it instead. */
      issuesToken: {
        async afterHandle({ jwt, responseValue }) {
          if (responseValue instanceof Response) return; // an error reply
          const who = responseValue as { userId: string; email: string; role: string };
          return { authToken: await jwt.sign({ sub: who.email, userId: who.userId, role: who.role }) };
        },
      },
    });
