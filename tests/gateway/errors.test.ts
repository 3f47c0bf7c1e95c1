import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { inProcessGateway } from "./inProcess.ts";
import { fakeService } from "../support/fakeService.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";
import { AppError } from "../../svc/runtime/errors.ts";

let gw: Awaited<ReturnType<typeof inProcessGateway>>;
let users: Awaited<ReturnType<typeof fakeService>>;
const freelancer = craftToken(
  { sub: "f@example.com", userId: "u-1", role: "FREELANCER", exp: nowSeconds() + 600 },
  { secret: testJwtSecret },
);

// The fake users service answers according to the skill name it is sent.
const answers: Record<string, () => any> = {
  conflict: () => ({ ok: false, error: new AppError("conflict", "Already there", "newSkill").toWire() }),
  notfound: () => ({ ok: false, error: new AppError("not_found", "User not found").toWire() }),
  forbidden: () => ({ ok: false, error: new AppError("forbidden", "Not yours").toWire() }),
  silent: () => null,
};

beforeAll(async () => {
  gw = await inProcessGateway({ replyTimeoutMs: 400, maxBodyBytes: 2048 });
  users = await fakeService(gw.ns, "users", (_meta, body) =>
    (answers[body.newSkill] ?? (() => ({ ok: true, body: { skills: [body.newSkill] } })))(),
  );
});
afterAll(async () => {
  await users?.close();
  await gw?.close();
});

describe("gateway validation", () => {
  it("names the missing field with 400", async () => {
    const res = await gw.request("POST", "/api/v1/users/freelancer/skills", { token: freelancer, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, code: "invalid", field: "newSkill" });
  });

  it("names a field of the wrong type with 400", async () => {
    const res = await gw.request("POST", "/api/v1/users/clients/register", {
      body: { email: "a@b.co", password: "password-1", clientName: "A", employeeCount: "many" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("employeeCount");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await gw.request("POST", "/api/v1/users/freelancer/skills", { token: freelancer, raw: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("JSON");
  });

  it("answers 400 naming a missing query parameter", async () => {
    const res = await gw.request("DELETE", "/api/v1/users/freelancer/achievements", { token: freelancer });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("achievementId");
  });

  it("answers 413 for a body over the limit", async () => {
    const body = JSON.stringify({ newSkill: "x".repeat(5000) });
    const res = await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token: freelancer,
      raw: body,
      headers: { "content-length": String(body.length) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("too_large");
  });

  it("answers 404 in the error shape for an unknown route", async () => {
    const res = await gw.request("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("gateway error mapping", () => {
  it("maps the service's domain errors to their HTTP status and keeps the field", async () => {
    const conflict = await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token: freelancer,
      body: { newSkill: "conflict" },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toEqual({ status: 409, code: "conflict", message: "Already there", field: "newSkill" });
    expect(
      (
        await gw.request("POST", "/api/v1/users/freelancer/skills", {
          token: freelancer,
          body: { newSkill: "notfound" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await gw.request("POST", "/api/v1/users/freelancer/skills", {
          token: freelancer,
          body: { newSkill: "forbidden" },
        })
      ).status,
    ).toBe(403);
  });

  it("answers 504 when the service does not reply in time, and forgets the request", async () => {
    const res = await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token: freelancer,
      body: { newSkill: "silent" },
    });
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe("timeout");
    expect(gw.rpc.pendingCount()).toBe(0);
  });

  it("answers 503 at once when no service queue exists", async () => {
    const started = Date.now();
    const res = await gw.request("GET", "/api/v1/contracts/00000000-0000-4000-8000-000000000000", {
      token: freelancer,
    });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("passes an Idempotency-Key on POST as a per-user deduplication key", async () => {
    const before = users.seen.length;
    await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token: freelancer,
      body: { newSkill: "rust" },
      headers: { "idempotency-key": "k-1" },
    });
    await gw.request("POST", "/api/v1/users/freelancer/skills", {
      token: freelancer,
      body: { newSkill: "rust" },
      headers: { "idempotency-key": "k-1" },
    });
    const [a, b] = users.seen.slice(before);
    expect(a.meta.idempotencyKey).toBe(b.meta.idempotencyKey);
    expect(a.meta.idempotencyKey).not.toBe(a.meta.requestId);
    expect(a.meta.requestId).not.toBe(b.meta.requestId);
  });
});

describe("gateway documents", () => {
  it("serves an OpenAPI document listing every route of the table", async () => {
    const { routes } = await import("../../gw/routes/index.ts");
    const res = await gw.request("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const r of routes) expect(paths).toContain(r.path.replace(/:(\w+)/g, "{$1}"));
    expect(res.body.paths["/api/v1/users/freelancer/profile"].get.security).toEqual([{ bearer: [] }]);
  });

  it("serves interactive docs, health and readiness", async () => {
    expect((await gw.request("GET", "/docs")).status).toBe(200);
    expect((await gw.request("GET", "/healthz")).status).toBe(200);
    expect((await gw.request("GET", "/readyz")).status).toBe(200);
    const root = await gw.request("GET", "/");
    expect(root.body).toBe("Welcome to WorkUp!");
  });

  it("counts Prometheus metrics by route and status, served on the metrics port only", async () => {
    expect((await gw.request("GET", "/metrics")).status).toBe(404);
    const res = { body: await gw.metrics.registry.metrics() };
    expect(res.body).toContain(
      'workup_http_requests_total{route="/api/v1/users/freelancer/skills",method="POST",status="409"}',
    );
    expect(res.body).toContain('workup_upstream_timeouts_total{service="users"} 1');
  });
});

describe("gateway query validation", () => {
  it("names a numeric query parameter that breaks its limit", async () => {
    const { Type: t } = await import("@sinclair/typebox");
    const { createGateway } = await import("../../gw/app.ts");
    const { createLogger } = await import("../../svc/runtime/log.ts");
    const { commandsOf } = await import("../../svc/runtime/commandContract.ts");
    const app = createGateway({
      config: { jwtSecret: testJwtSecret, tokenTtl: "30m", replyTimeoutMs: 400, maxBodyBytes: 2048 },
      rpc: gw.rpc,
      log: createLogger({}, { level: "fatal" }),
      routes: [
        {
          method: "GET",
          path: "/probe",
          contract: commandsOf("users")("x", t.Object({})),
          access: "public",
          summary: "probe",
          query: t.Object({ n: t.Number({ minimum: 1 }) }),
        },
      ],
    });
    const res = await app.handle(new Request("http://localhost/probe?n=0"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.field).toBe("n");
  });
});
