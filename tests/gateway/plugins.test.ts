// Each gateway plugin on its own, in-process (app.handle): error mapping, body limits, metrics, auth and token
// issuing, login throttling (against the real Redis).
import { afterAll, describe, expect, it } from "bun:test";
import { Elysia, t } from "elysia";
import { errorMapping } from "../../gw/plugins/errors.ts";
import { bodyLimits } from "../../gw/plugins/bodyLimits.ts";
import { metricsPlugin } from "../../gw/plugins/metrics.ts";
import { authPlugin } from "../../gw/plugins/auth.ts";
import { createLoginThrottle, throttledLogin } from "../../gw/loginThrottle.ts";
import { gatewayMetrics } from "../../gw/metrics.ts";
import { errorResponse } from "../../gw/errors.ts";
import { AppError, conflict, forbidden } from "../../svc/runtime/errors.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { infrastructure } from "../../svc/runtime/config.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";

const log = createLogger({ test: "gateway-plugins" }, { level: "off" });
const secret = "plugin-test-secret-0123456789abcdef0123";
const call = async (app: { handle(r: Request): Promise<Response> }, path: string, init: RequestInit = {}) => {
  const res = await app.handle(new Request(`http://localhost${path}`, init));
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body, headers: res.headers };
};
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const bearer = (claims: Record<string, unknown>) => ({
  authorization: `Bearer ${craftToken(
    { sub: "c@example.com", userId: "u-1", role: "CLIENT", iat: nowSeconds(), exp: nowSeconds() + 600, ...claims },
    { secret },
  )}`,
});

describe("errorMapping", () => {
  const app = new Elysia()
    .use(errorMapping(log))
    .get("/forbidden", () => {
      throw forbidden("No");
    })
    .get("/anonymous", () => {
      throw new AppError("unauthorized", "Who?");
    })
    .get("/bug", () => {
      throw new Error("boom");
    })
    .get("/typed", () => "ok", { query: t.Object({ n: t.Number({ minimum: 1 }) }) });

  it("answers an AppError with its status and the uniform JSON body", async () => {
    expect(await call(app, "/forbidden")).toMatchObject({
      status: 403,
      body: { error: { status: 403, code: "forbidden", message: "No" } },
    });
    const anonymous = await call(app, "/anonymous");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
  });

  it(
    "answers unknown routes with 404, validation failures with 400, and anything else with a " +
      "500 that says nothing",
    async () => {
      expect(await call(app, "/nowhere")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
      expect(await call(app, "/typed?n=0")).toMatchObject({ status: 400, body: { error: { code: "invalid" } } });
      expect(await call(app, "/bug")).toMatchObject({
        status: 500,
        body: { error: { code: "internal", message: "Internal error" } },
      });
    },
  );
});

describe("bodyLimits", () => {
  const app = new Elysia()
    .use(errorMapping(log))
    .use(bodyLimits(128))
    .post("/echo", ({ body }) => body);

  it("refuses a body larger than the limit with 413 before reading it", async () => {
    const body = JSON.stringify({ text: "x".repeat(200) });
    const res = await call(app, "/echo", {
      ...json(null),
      body,
      headers: { "content-type": "application/json", "content-length": String(body.length) },
    });
    expect(res).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
  });

  it("refuses a body of undeclared size with 413 once reading passes the limit", async () => {
    const res = await call(app, "/echo", json({ text: "x".repeat(200) }));
    expect(res).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
    expect((await call(app, "/echo", json({ text: "short" }))).body).toEqual({ text: "short" });
  });

  it("parses JSON itself: too deep or not an object is a 400, an empty body is {}", async () => {
    expect((await call(app, "/echo", { ...json(null), body: "[".repeat(40) + "]".repeat(40) })).status).toBe(400);
    expect((await call(app, "/echo", { ...json(null), body: "{" })).status).toBe(400);
    expect(await call(app, "/echo", { ...json(null), body: "" })).toMatchObject({ status: 200, body: {} });
    expect(await call(app, "/echo", json({ a: 1 }))).toMatchObject({ status: 200, body: { a: 1 } });
  });
});

describe("metricsPlugin", () => {
  it("counts requests by route pattern, method and status, and serves no /metrics on the API", async () => {
    const metrics = gatewayMetrics();
    const app = new Elysia()
      .use(metricsPlugin(metrics))
      .use(errorMapping(log))
      .get("/items/:id", ({ params }) => (params.id === "taken" ? errorResponse(conflict("Taken").toWire()) : "ok"));
    await call(app, "/items/1");
    await call(app, "/items/2");
    await call(app, "/items/taken");
    await Bun.sleep(20); // counted after the response went out
    expect((await call(app, "/metrics")).status).toBe(404);
    const text = await metrics.registry.metrics();
    expect(text).toContain('workup_http_requests_total{route="/items/:id",method="GET",status="200"} 2');
    expect(text).toContain('workup_http_requests_total{route="/items/:id",method="GET",status="409"} 1');
  });
});

describe("authPlugin", () => {
  const app = new Elysia()
    .use(errorMapping(log))
    .use(authPlugin({ jwtSecret: secret, tokenTtl: "30m" }))
    .get("/open", ({ caller }) => ({ caller }), { access: "public" })
    .get("/anyone", ({ caller }) => ({ caller }), { access: "authenticated" })
    .post("/clients", ({ caller }) => ({ caller }), { access: ["CLIENT"], body: t.Object({ n: t.Number() }) })
    .post("/login", () => ({ userId: "u-7", email: "l@example.com", role: "FREELANCER" }), {
      access: "public",
      issuesToken: true,
    });

  it("gives the handler the caller from the token, null on public routes", async () => {
    expect((await call(app, "/open")).body).toEqual({ caller: null });
    expect((await call(app, "/anyone", { headers: bearer({}) })).body).toEqual({
      caller: { id: "u-1", role: "CLIENT", email: "c@example.com" },
    });
    expect((await call(app, "/clients", json({ n: 1 }, bearer({})))).body.caller.id).toBe("u-1");
  });

  it("answers 401 without a valid token (before looking at the body) and 403 to another role", async () => {
    expect((await call(app, "/anyone")).status).toBe(401);
    expect((await call(app, "/clients", json({ n: "not a number" }))).status).toBe(401);
    expect((await call(app, "/anyone", { headers: bearer({ exp: nowSeconds() - 1 }) })).status).toBe(401);
    expect((await call(app, "/clients", json({ n: 1 }, bearer({ role: "FREELANCER" })))).status).toBe(403);
  });

  it("turns an identity into a signed token on routes that issue one", async () => {
    const { status, body } = await call(app, "/login", json({}));
    expect(status).toBe(200);
    const issued = body.authToken as string;
    expect((await call(app, "/anyone", { headers: { authorization: `Bearer ${issued}` } })).body.caller).toEqual({
      id: "u-7",
      role: "FREELANCER",
      email: "l@example.com",
    });
  });
});

describe("throttledLogin", () => {
  const prefix = `t_throttle_${crypto.randomUUID().slice(0, 8)}:`;
  const throttle = createLoginThrottle(
    infrastructure().redisUrl,
    prefix,
    {
      accountLimit: 2,
      clientLimit: 100,
      accountCeiling: 100,
      ceilingIntervalMs: 1000,
      baseLockSeconds: 30,
      maxLockSeconds: 60,
      windowSeconds: 60,
    },
    log,
  );
  afterAll(() => throttle.close());
  const app = new Elysia().use(errorMapping(log)).post("/login", ({ body, request, server }) =>
    throttledLogin(throttle, { body, request, server }, async () => {
      if ((body as { password: string }).password !== "right")
        return errorResponse(new AppError("unauthorized", "No").toWire());
      return { ok: true };
    }),
  );

  it("locks an account out with 429 and Retry-After after repeated failures, and lets others in", async () => {
    const email = `${crypto.randomUUID()}@example.com`;
    await Bun.sleep(200); // the Redis connection comes up
    expect((await call(app, "/login", json({ email, password: "wrong" }))).status).toBe(401);
    expect((await call(app, "/login", json({ email, password: "wrong" }))).status).toBe(401);
    const locked = await call(app, "/login", json({ email, password: "right" }));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(app, "/login", json({ email: `other-${email}`, password: "right" }))).status).toBe(200);
  });
});
