import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { caller, jobBody, postJob } from "./jobsApi.ts";

const { stack, api: a } = useStack({ services: ["jobs"], inProcess: true });

describe("posting and reading jobs", () => {
  it("creates a job with 201 and answers the job with its id, owner and active flag", async () => {
    const client = caller("CLIENT");
    const res = await a.post("/api/v1/jobs", jobBody({ budget: 1234.5 }), client.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: "Build a marketplace backend",
      location: "Remote",
      budget: 1234.5,
      skills: ["TypeScript", "PostgreSQL"],
      experience: "INTERMEDIATE",
      clientId: client.id,
      active: true,
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(res.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const sql = stack.db("jobs");
    const [row] = await sql`select budget::text as budget, client_id from jobs where id = ${res.body.id}`;
    await sql.end();
    expect(row).toEqual({ budget: "1234.50", client_id: client.id });
  });

  it("returns the job itself to any signed-in user and 401 to an anonymous one", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const seen = await a.get(`/api/v1/jobs/${job.id}`, caller("FREELANCER").token);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual(job);
    expect((await a.get(`/api/v1/jobs/${job.id}`)).status).toBe(401);
  });

  it("answers 404 for an unknown job and 400 for a malformed id", async () => {
    const token = caller("CLIENT").token;
    const unknown = await a.get(`/api/v1/jobs/${crypto.randomUUID()}`, token);
    expect(unknown.status).toBe(404);
    const malformed = await a.get("/api/v1/jobs/not-a-uuid", token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe("id");
  });

  it("lets only clients post jobs", async () => {
    const res = await a.post("/api/v1/jobs", jobBody(), caller("FREELANCER").token);
    expect(res.status).toBe(403);
  });

  it("lists the client's own jobs, newest first, and nobody else's", async () => {
    const client = caller("CLIENT");
    const first = await postJob(a, client, { title: "First" });
    const second = await postJob(a, client, { title: "Second" });
    await postJob(a, caller("CLIENT"));
    const mine = await a.get("/api/v1/jobs/me", client.token);
    expect(mine.status).toBe(200);
    expect(mine.body.map((j: { id: string }) => j.id)).toEqual([second.id, first.id]);
    expect((await a.get("/api/v1/jobs/me", caller("FREELANCER").token)).status).toBe(403);
  });

  it("stores each skill once whatever its letter case", async () => {
    const job = await postJob(a, caller("CLIENT"), { skills: [" React ", "react", "Node.js"] });
    expect(job.skills).toEqual(["React", "Node.js"]);
  });
});

describe("job validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an empty title", { title: "" }, "title"],
    ["a blank title", { title: "   " }, "title"],
    ["a title over 200 characters", { title: "x".repeat(201) }, "title"],
    ["an empty description", { description: "" }, "description"],
    ["a missing budget", { budget: undefined }, "budget"],
    ["a zero budget", { budget: 0 }, "budget"],
    ["a negative budget", { budget: -5 }, "budget"],
    ["a budget with three decimals", { budget: 10.125 }, "budget"],
    ["an unknown experience level", { experience: "GURU" }, "experience"],
    ["skills that are not a list", { skills: "React" }, "skills"],
  ];
  for (const [what, change, field] of cases) {
    it(`refuses ${what} with 400 naming ${field}`, async () => {
      const res = await a.post("/api/v1/jobs", jobBody(change), caller("CLIENT").token);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    });
  }

  it("takes the client id from the token, never from the body", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client, { clientId: crypto.randomUUID() });
    expect(job.clientId).toBe(client.id);
  });
});
