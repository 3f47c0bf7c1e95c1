// Who may call the users routes: no token, the wrong role, and a token whose account is gone.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { loginAdmin, registerClient, registerFreelancer } from "../support/api.ts";

const { stack, api: a } = useStack({ services: ["users"] });

const id = "00000000-0000-4000-8000-000000000000";
const freelancerRoutes: [string, string, unknown?][] = [
  ["POST", "/freelancer/achievements", { achievement_name: "A" }],
  ["POST", "/freelancer/education", { school_name: "S" }],
  ["POST", "/freelancer/experience", { company_name: "C" }],
  ["POST", "/freelancer/languages", { newLanguage: "Arabic" }],
  ["POST", "/freelancer/skills", { newSkill: "Go" }],
  ["GET", "/freelancer/photo"],
  ["GET", "/freelancer/profile_briefs"],
  ["GET", "/freelancer/profile"],
  ["GET", "/freelancer/resume"],
  ["POST", "/freelancer/photo", { photoLink: null }],
  ["POST", "/freelancer/profile", { city: "Cairo" }],
  ["POST", "/freelancer/resume", { resumeLink: null }],
  ["GET", "/freelancer/achievements"],
  ["GET", "/freelancer/education"],
  ["GET", "/freelancer/experience"],
  ["GET", "/freelancer/languages"],
  ["GET", "/freelancer/skills"],
  ["DELETE", `/freelancer/achievements?achievementId=${id}`],
  ["DELETE", `/freelancer/education?educationId=${id}`],
  ["DELETE", `/freelancer/experience?experienceId=${id}`],
  ["DELETE", "/freelancer/languages?languageToRemove=Arabic"],
  ["DELETE", "/freelancer/skills?skillToRemove=Go"],
  ["PUT", "/freelancer/achievements", { achievement_id: id }],
  ["PUT", "/freelancer/education", { education_id: id }],
  ["PUT", "/freelancer/experience", { experience_id: id }],
];
const clientRoutes: [string, string, unknown?][] = [
  ["GET", "/client/photo"],
  ["GET", "/client/profile"],
  ["POST", "/client/photo", { photoLink: null }],
  ["POST", "/client/profile", { city: "Cairo" }],
];
const send = (token: string | undefined, [method, path, body]: [string, string, unknown?]) =>
  a.call(method, `/api/v1/users${path}`, { token, body });

describe("authentication", () => {
  it("answers 401 without a token on every protected users route", async () => {
    for (const route of [...freelancerRoutes, ...clientRoutes]) {
      const res = await send(undefined, route);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  it("answers 401 to a malformed token", async () => {
    const res = await a.get("/api/v1/users/freelancer/profile", "not.a.token");
    expect(res.status).toBe(401);
  });
});

describe("roles", () => {
  it("answers 403 to a client on every freelancer route, and changes nothing", async () => {
    const c = await registerClient(a);
    for (const route of freelancerRoutes) {
      const res = await send(c.token, route);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    const sql = stack.db("users");
    const [row] = await sql`select city, skills, languages from users where id = ${c.id}`;
    await sql.end();
    expect(row).toEqual({ city: null, skills: [], languages: [] });
  });

  it("answers 403 to a freelancer on every client route", async () => {
    const f = await registerFreelancer(a);
    for (const route of clientRoutes) {
      const res = await send(f.token, route);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });

  it("answers 403 to the admin on freelancer and client profile routes", async () => {
    const admin = await loginAdmin(a);
    expect((await a.get("/api/v1/users/freelancer/profile", admin)).status).toBe(403);
    expect((await a.get("/api/v1/users/client/profile", admin)).status).toBe(403);
  });
});

describe("a deleted account", () => {
  it("answers 401 to the freelancer's still-valid token on reads it had cached and on writes", async () => {
    const f = await registerFreelancer(a);
    await a.post("/api/v1/users/freelancer/achievements", { achievement_name: "A" }, f.token);
    expect((await a.get("/api/v1/users/freelancer/achievements", f.token)).status).toBe(200);
    expect((await a.get("/api/v1/users/freelancer/profile", f.token)).status).toBe(200);
    const sql = stack.db("users");
    await sql`delete from users where id = ${f.id}`;
    await sql.end();
    for (const route of freelancerRoutes) {
      const res = await send(f.token, route);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  it("answers 401 to the client's still-valid token", async () => {
    const c = await registerClient(a);
    expect((await a.get("/api/v1/users/client/profile", c.token)).status).toBe(200);
    const sql = stack.db("users");
    await sql`delete from users where id = ${c.id}`;
    await sql.end();
    for (const route of clientRoutes) {
      const res = await send(c.token, route);
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
    const body = (await a.get("/api/v1/users/client/profile", c.token)).body;
    expect(body.error.message).toBe("This account no longer exists");
  });
});
