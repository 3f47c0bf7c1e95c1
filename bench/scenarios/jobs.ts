// Jobs scenarios: a cached read, a read that misses the cache, the ranked search, and a proposal (a write).
import { bearer, connections, fixed, requestBudget, type Scenario } from "./scenario.ts";
import { createJobs, jobBody, proposalBody } from "./fixture.ts";

/** Freelancers proposing in the proposal scenario: pool size x freelancers = distinct (job, freelancer) pairs. */
const proposers = 2;
/** When no PostgreSQL baseline ran, assume this rate for sizing the pool. */
const fallbackRate = 6000;

export const jobHit: Scenario = {
  id: "job-hit",
  title: "GET /api/v1/jobs/{id}, cache hit",
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

export const jobSearch: Scenario = {
  id: "job-search",
  title: "GET /api/v1/jobs/search?query=typescript (ranked, 400 jobs, 20 a page)",
  kind: "scenario",
  baseline: "pg",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: connections,
  async spec(env) {
    const client = await env.fixture.clientAccount();
    const titles = ["TypeScript API", "Logo design", "Data entry", "React dashboard", "Translate a manual"];
    await createJobs(env.fixture.api, client.token, 400, (i) =>
      jobBody(
        `${titles[i % titles.length]} ${i}`,
        `Job ${i} of the search corpus.`,
        i % 5 ? ["design"] : ["typescript", "node"],
      ),
    );
    return fixed(env, { method: "GET", path: "/api/v1/jobs/search?query=typescript&pageLimit=20" });
  },
};

export const proposal: Scenario = {
  id: "proposal",
  title: "POST /api/v1/jobs/{id}/proposals (validated write, 201)",
  kind: "scenario",
  baseline: "pg",
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
