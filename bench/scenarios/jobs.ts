// Jobs scenarios: a read the gateway's edge cache answers, a read that misses every cache, and a proposal (a write).
// The ranked search is in search.ts.
import { bearer, connections, fixed, requestBudget, type Scenario } from "./scenario.ts";
import { proposalBody } from "./fixture.ts";

/** Freelancers proposing in the proposal scenario: pool size x freelancers = distinct (job, freelancer) pairs. */
const proposers = 2;
/** When no PostgreSQL baseline ran, assume this rate for sizing the pool. */
const fallbackRate = 6000;

export const jobHit: Scenario = {
  id: "job-hit",
  title: "GET /api/v1/jobs/{id}, edge cache hit",
  kind: "scenario",
  baseline: "echo",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: connections,
  async spec(env) {
    const [freelancer] = await env.fixture.freelancerAccounts(1);
    const id = await env.fixture.cachedJobId();
    return fixed(env, { method: "GET", path: `/api/v1/jobs/${id}`, headers: bearer(freelancer.token) });
  },
};

export const jobMiss: Scenario = {
  id: "job-miss",
  title: "GET /api/v1/jobs/{id}, cache miss (each id read once)",
  kind: "scenario",
  baseline: "pg",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: connections,
  async spec(env) {
    const [freelancer] = await env.fixture.freelancerAccounts(1);
    const pool = await env.fixture.jobPool(requestBudget(env.settings, env.baselineRate("pg") ?? fallbackRate));
    return fixed(env, {
      method: "GET",
      path: "/",
      headers: bearer(freelancer.token),
      each: { paths: pool.map((id) => `/api/v1/jobs/${id}`) },
    });
  },
};

export const proposal: Scenario = {
  id: "proposal",
  title: "POST /api/v1/jobs/{id}/proposals (validated write, 201)",
  kind: "scenario",
  baseline: "insert",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: connections,
  async spec(env) {
    const need = requestBudget(env.settings, env.baselineRate("pg") ?? fallbackRate);
    const pool = await env.fixture.jobPool(need);
    const freelancers = await env.fixture.freelancerAccounts(Math.max(proposers, Math.ceil(need / pool.length)));
    return fixed(env, {
      method: "POST",
      path: "/",
      body: proposalBody,
      each: { paths: pool.map((id) => `/api/v1/jobs/${id}/proposals`), tokens: freelancers.map((f) => f.token) },
    });
  },
};
