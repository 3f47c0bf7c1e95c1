import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { inProcessGateway } from "./inProcess.ts";
import { fakeService } from "../support/fakeService.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";

let gw: Awaited<ReturnType<typeof inProcessGateway>>;
let users: Awaited<ReturnType<typeof fakeService>>;
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "f@example.com",
  userId: "u-1",
  role: "FREELANCER",
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...extra,
});

beforeAll(async () => {
  gw = await inProcessGateway();
  users = await fakeService(gw.ns, "users", (meta) =>
    meta.command === "login"
      ? { ok: true, body: { userId: "u-9", email: "x@example.com", role: "CLIENT" } }
      : { ok: true, body: { caller: meta.caller } },
  );
});
afterAll(async () => {
  await users?.close();
  await gw?.close();
});

describe("gateway authentication", () => {
  it("issues a 30-minute HS256 token with sub, userId and role on login", async () => {
    const res = await gw.request("POST", "/api/v1/users/login", { body: { email: "x@example.com", password: "pw" } });
    expect(res.status).toBe(200);
    const [header, payload] = res.body.authToken
      .split(".")
      .slice(0, 2)
      .map((p: string) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ sub: "x@example.com", userId: "u-9", role: "CLIENT" });
    expect(payload.exp - payload.iat).toBe(30 * 60);
  });

  it("passes the caller from the token, never from the body", async () => {
    const token = craftToken(claims(), { secret: testJwtSecret });
    const res = await gw.request("GET", "/api/v1/users/freelancer/profile", { token });
    expect(res.status).toBe(200);
    expect(res.body.caller).toMatchObject({ id: "u-1", role: "FREELANCER", email: "f@example.com" });
    const add = await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token,
      body: { newSkill: "go", userId: "someone-else" },
    });
    expect(add.body.caller.id).toBe("u-1");
  });

  const rejected: Array<[string, () => string]> = [
    ["a tampered signature", () => craftToken(claims(), { secret: testJwtSecret }).slice(0, -4) + "AAAA"],
    ["alg none", () => craftToken(claims(), { alg: "none", signature: "" })],
    ["an expired token", () => craftToken(claims({ exp: nowSeconds() - 5 }), { secret: testJwtSecret })],
    ["the wrong secret", () => craftToken(claims(), { secret: "another-secret-another-secret-another" })],
    ["a token without userId", () => craftToken(claims({ userId: undefined }), { secret: testJwtSecret })],
    ["a token with an unknown role", () => craftToken(claims({ role: "ROOT" }), { secret: testJwtSecret })],
    ["a token without exp", () => craftToken(claims({ exp: undefined }), { secret: testJwtSecret })],
    ["garbage", () => "not.a.token"],
  ];
  for (const [what, token] of rejected) {
    it(`answers 401 for ${what}`, async () => {
      const res = await gw.request("GET", "/api/v1/users/freelancer/profile", { token: token() });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    });
  }

  it("answers 401 with WWW-Authenticate when a protected route gets no token, before looking at the body", async () => {
    const res = await gw.request("POST", "/api/v1/users/freelancer/skills", { body: { wrong: true } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("answers 401 for an Authorization header that is not a bearer token", async () => {
    const res = await gw.request("GET", "/api/v1/users/freelancer/profile", {
      headers: { authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(res.status).toBe(401);
  });

  it("answers 403 when the role does not match the route", async () => {
    const token = craftToken(claims({ role: "CLIENT" }), { secret: testJwtSecret });
    const res = await gw.request("GET", "/api/v1/users/freelancer/profile", { token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });
});
