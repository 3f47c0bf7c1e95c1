// Who may call what, on the real stack: forged and broken tokens and a deleted account's token get 401, every
// protected route without a token 401, every role-restricted route called with another role 403.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { createHmac } from "node:crypto";
import { testJwtSecret } from "../support/stack.ts";
import { loginAdmin, registerClient, registerFreelancer, type Account } from "../support/api.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { acceptedRoles, describeRoute, isProtected, refusedRoles, routes, validCall } from "../support/routeCalls.ts";
import { seeded } from "../support/fuzz.ts";
import { printSummary, tally } from "../support/summary.ts";

const { stack, api: a } = useStack({ services: ["users"] });
let freelancer: Account;

beforeAll(async () => {
  freelancer = await registerFreelancer(a);
});
afterAll(async () => {
  printSummary(import.meta.path);
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const hs512 = (claims: unknown) => {
  const signed = `${b64({ alg: "HS512", typ: "JWT" })}.${b64(claims)}`;
  return `${signed}.${createHmac("sha512", testJwtSecret).update(signed).digest("base64url")}`;
};
const signedAs = (role: string, id: string = crypto.randomUUID()) =>
  craftToken(
    { sub: `${role.toLowerCase()}.${id}@example.com`, userId: id, role, iat: nowSeconds(), exp: nowSeconds() + 600 },
    { secret: testJwtSecret },
  );

describe("tokens", () => {
  it("answers 401 to every forged, broken or expired token, and the real one still works", () =>
    tally(import.meta.path, "JWT attacks (forged, none, expired, missing claims…)", async (t) => {
      const claims = {
        sub: freelancer.email,
        userId: freelancer.id,
        role: "FREELANCER",
        iat: nowSeconds(),
        exp: nowSeconds() + 600,
      };
      const real = craftToken(claims, { secret: testJwtSecret });
      const [h, p, sig] = real.split(".");
      const without = (k: string) => {
        const c: Record<string, unknown> = { ...claims };
        delete c[k];
        return craftToken(c, { secret: testJwtSecret });
      };
      const attacks: Array<[string, string]> = [
        ["a tampered signature", `${h}.${p}.${sig.slice(0, -4)}${sig.endsWith("AAAA") ? "BBBB" : "AAAA"}`],
        ["a signature of another token", `${h}.${p}.${signedAs("FREELANCER").split(".")[2]}`],
        ["a payload raised to ADMIN under the real signature", `${h}.${b64({ ...claims, role: "ADMIN" })}.${sig}`],
        [
          "a payload with another user id under the real signature",
          `${h}.${b64({ ...claims, userId: crypto.randomUUID() })}.${sig}`,
        ],
        ["no signature", `${h}.${p}.`],
        ["alg none", craftToken(claims, { alg: "none", signature: "" })],
        ["alg None", craftToken(claims, { alg: "None", signature: "" })],
        ["alg NONE with the real signature", `${b64({ alg: "NONE", typ: "JWT" })}.${p}.${sig}`],
        ["alg HS512 with the right secret", hs512(claims)],
        [
          "alg RS256 signed with the secret (key confusion)",
          craftToken(claims, { alg: "RS256", secret: testJwtSecret }),
        ],
        ["an expired token", craftToken({ ...claims, exp: nowSeconds() - 10 }, { secret: testJwtSecret })],
        [
          "a token that expired long ago",
          craftToken({ ...claims, iat: 1_000_000, exp: 1_000_600 }, { secret: testJwtSecret }),
        ],
        ["a string exp", craftToken({ ...claims, exp: String(nowSeconds() + 600) }, { secret: testJwtSecret })],
        ["the wrong secret", craftToken(claims, { secret: "another-secret-another-secret-another-secret" })],
        [
          "the development default secret",
          craftToken(claims, { secret: "workup-dev-jwt-secret-change-me-0123456789" }),
        ],
        ["an empty secret", craftToken(claims, { secret: "" })],
        ["no sub", without("sub")],
        ["no userId", without("userId")],
        ["no role", without("role")],
        ["no exp", without("exp")],
        ["a numeric userId", craftToken({ ...claims, userId: 42 }, { secret: testJwtSecret })],
        ["an unknown role", craftToken({ ...claims, role: "ROOT" }, { secret: testJwtSecret })],
        ["a lower-case role", craftToken({ ...claims, role: "freelancer" }, { secret: testJwtSecret })],
        ["an empty token", ""],
        ["garbage", "not.a.token"],
        ["two parts", `${h}.${p}`],
        ["four parts", `${real}.${sig}`],
        ["a JSON array payload", `${h}.${b64([claims])}.${sig}`],
      ];
      for (const [what, token] of attacks) {
        const res = await a.call("GET", "/api/v1/users/freelancer/profile", {
          headers: { authorization: `Bearer ${token}` },
        });
        t.check(
          res.status === 401 && res.body?.error?.code === "unauthorized",
          `${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 150)}`,
        );
      }
      for (const header of [
        `Basic ${btoa("user:password")}`,
        `Token ${real}`,
        `Bearer`,
        `Bearer ${real} ${real}`,
        real,
        `Bearer ${"A".repeat(20_000)}`,
      ]) {
        const res = await a.call("GET", "/api/v1/users/freelancer/profile", { headers: { authorization: header } });
        // A header beyond the server's limit is refused before anyone reads it (431): as good as a 401.
        t.check(
          res.status === 401 || (res.status === 431 && header.length > 16_000),
          `Authorization "${header.slice(0, 40)}…": ${res.status}`,
        );
      }
      const ok = await a.get("/api/v1/users/freelancer/profile", real);
      t.check(ok.status === 200 && ok.body?.email === freelancer.email, `the real token: ${ok.status}`);
      expect(t.failed).toEqual([]);
    }));

  // Only users runs here: a 401 on a jobs, contracts or payments route comes from the gateway's account check,
  // where the route's own service would have answered 503.
  it(
    "answers 401 to a deleted account's token on every route of every service, and it reaches " +
      "no one else's account",
    () =>
      tally(import.meta.path, "JWT of a deleted account", async (t) => {
        const gone = [await registerFreelancer(a), await registerClient(a)];
        const db = stack.db("users");
        try {
          await db`delete from users where id = any(${gone.map((g) => g.id)}::uuid[])`;
        } finally {
          await db.end();
        }
        const rnd = seeded(7);
        for (const [account, role] of [
          [gone[0], "FREELANCER"],
          [gone[1], "CLIENT"],
        ] as const) {
          for (const route of routes.filter((r) => isProtected(r) && acceptedRoles(r).includes(role))) {
            const call = validCall(route, rnd);
            const res = await a.call(call.method, call.path, { token: account.token, body: call.body });
            t.check(
              res.status === 401,
              `${role} ${describeRoute(route)}: ${res.status} ${JSON.stringify(res.body).slice(0, 150)}`,
            );
          }
          // Someone registers again with the same email: the old token is not theirs.
          const again = await a.post(`/api/v1/users/${role === "CLIENT" ? "clients" : "freelancers"}/register`, {
            email: account.email,
            password: "password-456",
            ...(role === "CLIENT" ? { clientName: "New Co" } : { fullName: "New Person" }),
          });
          t.check(again.status === 201, `re-registration: ${again.status}`);
          const old = await a.get(
            `/api/v1/users/${role === "CLIENT" ? "client" : "freelancer"}/profile`,
            account.token,
          );
          t.check(
            old.status === 401,
            `the old token on the new account: ${old.status} ${JSON.stringify(old.body).slice(0, 150)}`,
          );
        }
        expect(t.failed).toEqual([]);
      }),
  );
});

describe("roles", () => {
  it(
    "answers 401 with WWW-Authenticate on every protected route called without a token, before " +
      "validating anything",
    () =>
      tally(import.meta.path, "Protected routes without a token", async (t) => {
        const rnd = seeded(11);
        for (const route of routes.filter(isProtected)) {
          const call = validCall(route, rnd);
          for (const body of [call.body, { junk: true }]) {
            const res = await a.call(call.method, call.path, { body: call.method === "GET" ? undefined : body });
            t.check(
              res.status === 401 && res.headers.get("www-authenticate") === "Bearer",
              `${describeRoute(route)}: ${res.status}`,
            );
          }
        }
        expect(t.failed).toEqual([]);
      }),
  );

  it("answers 403 on every role-restricted route called with another role", () =>
    tally(import.meta.path, "Routes called with the wrong role", async (t) => {
      const rnd = seeded(13);
      // Real accounts: the token of an account that does not exist is a 401 before any role is looked at.
      const tokens: Record<string, string> = {
        FREELANCER: freelancer.token,
        CLIENT: (await registerClient(a)).token,
        ADMIN: await loginAdmin(a),
      };
      for (const route of routes) {
        for (const role of refusedRoles(route)) {
          const call = validCall(route, rnd);
          const res = await a.call(call.method, call.path, { token: tokens[role], body: call.body });
          t.check(
            res.status === 403 && res.body?.error?.code === "forbidden",
            `${role} ${describeRoute(route)}: ${res.status} ${JSON.stringify(res.body).slice(0, 150)}`,
          );
        }
      }
      t.check(
        routes.some((r) => refusedRoles(r).length > 0),
        "no route restricts roles",
      );
      expect(t.failed).toEqual([]);
    }));
});
