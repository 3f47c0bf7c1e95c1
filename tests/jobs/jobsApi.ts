// What the jobs tests share: callers with signed tokens (no users service needed) and valid job/proposal bodies.
import { expect } from "bun:test";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";
import type { Api } from "../support/api.ts";

export interface Caller {
  id: string;
  token: string;
}

/** A caller of that role, with a token the test gateway accepts. */
export function caller(role: "CLIENT" | "FREELANCER" | "ADMIN"): Caller {
  const id = crypto.randomUUID();
  const token = craftToken(
    { sub: `${role.toLowerCase()}.${id}@example.com`, userId: id, role, iat: nowSeconds(), exp: nowSeconds() + 3600 },
    { secret: testJwtSecret },
  );
  return { id, token };
}

/** A word no other test uses, so searches can be scoped to one test's jobs. */
export const uniqueWord = (prefix = "zx") => `${prefix}${Math.random().toString(36).slice(2, 10).replace(/\d/g, "q")}`;

export const jobBody = (extra: Record<string, unknown> = {}) => ({
  title: "Build a marketplace backend",
  description: "Services, a gateway and a message broker.",
  location: "Remote",
  budget: 1500,
  skills: ["TypeScript", "PostgreSQL"],
  experience: "INTERMEDIATE",
  ...extra,
});

export const proposalBody = (extra: Record<string, unknown> = {}) => ({
  coverLetter: "I have built three of these.",
  jobDuration: "ONE_TO_THREE_MONTHS",
  attachments: [{ name: "portfolio", url: "https://example.com/portfolio.pdf" }],
  milestones: [
    { description: "Design", amount: 500, dueDate: "2030-06-01" },
    { description: "Build", amount: 1000.5, dueDate: "2030-07-01" },
  ],
  ...extra,
});

export async function postJob(a: Api, client: Caller, extra: Record<string, unknown> = {}) {
  const res = await a.post("/api/v1/jobs", jobBody(extra), client.token);
  expect(res.status).toBe(201);
  return res.body;
}

export async function propose(a: Api, jobId: string, freelancer: Caller, extra: Record<string, unknown> = {}) {
  const res = await a.post(`/api/v1/jobs/${jobId}/proposals`, proposalBody(extra), freelancer.token);
  expect(res.status).toBe(201);
  return res.body;
}
