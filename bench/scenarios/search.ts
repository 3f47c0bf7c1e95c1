// Ranked search at a realistic size: 10,000 active jobs with varied titles, descriptions and skills, searched with
// a pool of 44 queries that come round again (popular searches), some with skill, experience or budget filters.
import { connections, fixed, type Scenario } from "./scenario.ts";
import { createJobs } from "./fixture.ts";
import type { Stack } from "../../tests/support/stack.ts";
import type { Api } from "../../tests/support/api.ts";

export const searchCorpusSize = 10_000;

const verbs = ["Build", "Design", "Fix", "Migrate", "Test", "Document", "Optimise", "Translate"];
const things = [
  "a TypeScript API",
  "a React dashboard",
  "a company logo",
  "a data pipeline",
  "an iOS app",
  "a Postgres schema",
  "a marketing site",
  "a payroll engine",
  "a support chatbot",
  "a game level",
  "an Android app",
  "a product manual",
];
const details = [
  "with tests and a short handover",
  "for a small team that ships weekly",
  "that must stay fast under load",
  "from an existing prototype",
  "with accessibility in mind",
  "for customers in three countries",
];
const skills = [
  "typescript",
  "react",
  "design",
  "python",
  "postgresql",
  "swift",
  "kotlin",
  "writing",
  "seo",
  "unity",
  "rust",
  "figma",
];
const experiences = ["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"];

/** Job i of the corpus: the same text whether it goes in through SQL or the API. */
const corpusJob = (i: number) => ({
  title: `${verbs[i % verbs.length]} ${things[Math.floor(i / verbs.length) % things.length]}`,
  description: `Job ${i}: ${details[i % details.length]}. ${things[(i * 7) % things.length]} is a plus.`,
  location: "Remote",
  budget: 100 + (i % 50) * 37,
  skills: [skills[i % skills.length], skills[(i * 5 + 3) % skills.length]],
  experience: experiences[i % experiences.length],
});

/** The corpus straight into the jobs database when the bench runs the stack, else through the API. */
async function seedCorpus(stack: Stack | null, a: Api, client: { id: string; token: string }, n: number) {
  if (!stack) return createJobs(a, client.token, n, corpusJob);
  const db = stack.db("jobs");
  try {
    const jobs = Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(),
      client_id: client.id,
      ...corpusJob(i),
    }));
    for (let i = 0; i < jobs.length; i += 1000) await db`insert into jobs ${db(jobs.slice(i, i + 1000))}`;
    await db`analyze jobs`;
  } finally {
    await db.end({ timeout: 5 });
  }
}

const queries = [
  ...things.map((t) => t.replace(/^an? /, "")),
  ...verbs.map((v) => `${v.toLowerCase()} ${things[verbs.indexOf(v) % things.length].replace(/^an? /, "")}`),
  ...skills.map((s) => `${s}`),
  "fast under load",
  "small team",
  "prototype",
  "accessibility",
  "three countries",
  "handover tests",
].map((q) => `query=${encodeURIComponent(q)}`);
const filtered = [
  "skills=typescript",
  "skills=react,design",
  "experience=EXPERT",
  "minBudget=500&maxBudget=1200",
  "query=app&experience=INTERMEDIATE",
  "query=api&skills=typescript",
];

const pool = [...queries, ...filtered].map((q) => `/api/v1/jobs/search?${q}&pageLimit=20`);

export const jobSearch: Scenario = {
  id: "job-search",
  title:
    `GET /api/v1/jobs/search, ranked, ${searchCorpusSize.toLocaleString("en")} jobs, ` +
    `${pool.length} queries again and again (20 a page)`,
  kind: "scenario",
  baseline: "pg",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: connections,
  async spec(env) {
    const client = await env.fixture.clientAccount();
    await seedCorpus(env.fixture.stack, env.fixture.api, client, searchCorpusSize);
    return fixed(env, { method: "GET", path: "/", each: { paths: pool, repeat: true } });
  },
};
