import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { api, registerClient, registerFreelancer, uniqueEmail } from "../support/api.ts";
import { startStack } from "../support/stack.ts";

const { stack, api: a } = useStack({ services: ["users"] });

describe("registration and login", () => {
  it("registers a client with 201 and a token that opens the client's profile", async () => {
    const client = await registerClient(a, { city: "Cairo" });
    const profile = await a.get("/api/v1/users/client/profile", client.token);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: client.id, email: client.email, name: "Acme Ltd", city: "Cairo" });
    expect(new Date(profile.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses a second account with the same email, whatever the role or letter case", async () => {
    const client = await registerClient(a);
    const again = await a.post("/api/v1/users/freelancers/register", {
      email: client.email.toUpperCase(),
      password: "password-123",
      fullName: "X",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe("email");
  });

  it("logs in with the right password and answers the same 401 for a wrong password and an unknown email", async () => {
    const f = await registerFreelancer(a);
    const ok = await a.post("/api/v1/users/login", { email: f.email, password: f.password });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.authToken).toBe("string");
    const wrong = await a.post("/api/v1/users/login", { email: f.email, password: "not-the-password" });
    const unknown = await a.post("/api/v1/users/login", { email: uniqueEmail(), password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("stores passwords as argon2id hashes, never in clear", async () => {
    const c = await registerClient(a);
    const sql = stack.db("users");
    const [row] = await sql`select password_hash from users where id = ${c.id}`;
    await sql.end();
    expect(row.password_hash).toStartWith("$argon2id$");
    expect(row.password_hash).not.toContain(c.password);
  });

  it("names the invalid field of a registration", async () => {
    const res = await a.post("/api/v1/users/clients/register", {
      email: "not-an-email",
      password: "password-123",
      clientName: "A",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("email");
    const short = await a.post("/api/v1/users/clients/register", {
      email: uniqueEmail(),
      password: "short",
      clientName: "A",
    });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe("password");
  });

  it("logs the configured admin in with the ADMIN role", async () => {
    const res = await a.post("/api/v1/users/login", { email: "admin@workup.local", password: "workup-admin-dev" });
    expect(res.status).toBe(200);
    const claims = JSON.parse(atob(res.body.authToken.split(".")[1]));
    expect(claims.role).toBe("ADMIN");
  });
});

describe("the admin account from the environment", () => {
  it("logs in with ADMIN_EMAIL / ADMIN_PASSWORD as given, and not with the development defaults", async () => {
    const email = `ops.${crypto.randomUUID().slice(0, 8)}@example.com`,
      password = `admin-${crypto.randomUUID()}`;
    const own = await startStack({ services: ["users"], env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } });
    try {
      const b = api(own.url);
      const res = await b.post("/api/v1/users/login", { email, password });
      expect(res.status).toBe(200);
      expect(JSON.parse(atob(res.body.authToken.split(".")[1]))).toMatchObject({ role: "ADMIN", sub: email });
      expect(
        (await b.post("/api/v1/users/login", { email: "admin@workup.local", password: "workup-admin-dev" })).status,
      ).toBe(401);
      expect((await b.post("/api/v1/users/login", { email, password: "workup-admin-dev" })).status).toBe(401);
    } finally {
      await own.stop();
    }
  }, 120_000);
});
