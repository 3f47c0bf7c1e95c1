import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { caller, postJob, uniqueWord } from "./jobsApi.ts";

const { stack, api: a } = useStack({ services: ["jobs"], inProcess: true });

const search = (params: Record<string, string | number>) => {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return a.get(`/api/v1/jobs/search?${query}`);
};
const ids = (body: { jobs: { id: string }[] }) => body.jobs.map((j) => j.id);

/** Marks a job accepted behind the API's back (this file runs without the contracts service). */
async function deactivate(jobId: string) {
  const sql = stack.db("jobs");
  await sql`update jobs set active = false where id = ${jobId}`;
  await sql.end();
}

describe("job search", () => {
  it("is public and ranks a title match above a skill match above a description-only match", async () => {
    const word = uniqueWord();
    const client = caller("CLIENT");
    const inDescription = await postJob(a, client, { title: "Backend work", description: `Needs ${word} knowledge.` });
    const inTitle = await postJob(a, client, { title: `Senior ${word} engineer`, description: "Plain description." });
    const inSkills = await postJob(a, client, {
      title: "Backend work",
      description: "Plain description.",
      skills: [word],
    });
    const res = await search({ query: word });
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([inTitle.id, inSkills.id, inDescription.id]);
    expect(res.body.pagingState).toBeNull();
    expect(res.body.jobs[0]).toMatchObject({ title: `Senior ${word} engineer`, clientId: client.id, active: true });
  });

  it("ignores letter case in the query and in the text", async () => {
    const word = uniqueWord();
    const job = await postJob(a, caller("CLIENT"), { title: `The ${word.toUpperCase()} project` });
    const res = await search({ query: word.toLowerCase() });
    expect(ids(res.body)).toEqual([job.id]);
    const upper = await search({ query: `${word[0].toUpperCase()}${word.slice(1)}` });
    expect(ids(upper.body)).toEqual([job.id]);
  });

  it("matches word forms through English stemming and needs every word of the query", async () => {
    const word = uniqueWord();
    const job = await postJob(a, caller("CLIENT"), { title: `Developing ${word} dashboards` });
    await postJob(a, caller("CLIENT"), { title: `${word} logo` });
    expect(ids((await search({ query: `${word} developer dashboard` })).body)).toEqual([job.id]);
  });

  it("does not show accepted (inactive) jobs", async () => {
    const word = uniqueWord();
    const open = await postJob(a, caller("CLIENT"), { title: `${word} open` });
    const closed = await postJob(a, caller("CLIENT"), { title: `${word} closed` });
    await deactivate(closed.id);
    expect(ids((await search({ query: word })).body)).toEqual([open.id]);
  });

  it("pages through every result with pagingState, which is null on the last page", async () => {
    const word = uniqueWord();
    const client = caller("CLIENT");
    const posted = [];
    // different ranks (the word in the description too, or not) and equal ones, so the keyset crosses both
    for (let i = 0; i < 5; i++)
      posted.push(
        (await postJob(a, client, { title: `${word} job ${i}`, description: i % 2 ? `More ${word}.` : "Plain." })).id,
      );
    const seen: string[] = [];
    let state: string | null = null;
    const sizes: number[] = [];
    do {
      const res = await search(
        state ? { query: word, pageLimit: 2, pagingState: state } : { query: word, pageLimit: 2 },
      );
      expect(res.status).toBe(200);
      sizes.push(res.body.jobs.length);
      seen.push(...ids(res.body));
      state = res.body.pagingState;
    } while (state);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.sort()).toEqual(posted.sort());
  });

  it("answers 20 jobs per page when pageLimit is not given", async () => {
    const skill = uniqueWord("sk");
    const client = caller("CLIENT");
    for (let i = 0; i < 21; i++) await postJob(a, client, { skills: [skill] });
    const first = await search({ skills: skill });
    expect(first.body.jobs.length).toBe(20);
    const rest = await search({ skills: skill, pagingState: first.body.pagingState });
    expect(rest.body.jobs.length).toBe(1);
    expect(rest.body.pagingState).toBeNull();
  });

  it("answers null pagingState when the last page is exactly full", async () => {
    const word = uniqueWord();
    for (let i = 0; i < 2; i++) await postJob(a, caller("CLIENT"), { title: `${word} ${i}` });
    const res = await search({ query: word, pageLimit: 2 });
    expect(res.body.jobs.length).toBe(2);
    expect(res.body.pagingState).toBeNull();
  });

  it("lists every active job, newest first, for an empty query", async () => {
    const skill = uniqueWord("sk");
    const client = caller("CLIENT");
    const older = await postJob(a, client, { skills: [skill] });
    const newer = await postJob(a, client, { skills: [skill] });
    const res = await search({ query: "", skills: skill });
    expect(ids(res.body)).toEqual([newer.id, older.id]);
    const noQuery = await search({ skills: skill });
    expect(ids(noQuery.body)).toEqual([newer.id, older.id]);
  });

  it("filters by skills (every one given, any letter case), experience level and budget range", async () => {
    const word = uniqueWord();
    const client = caller("CLIENT");
    const cheapEntry = await postJob(a, client, {
      title: word,
      budget: 100,
      experience: "ENTRY_LEVEL",
      skills: ["React", "CSS"],
    });
    const midExpert = await postJob(a, client, { title: word, budget: 500, experience: "EXPERT", skills: ["React"] });
    const richExpert = await postJob(a, client, { title: word, budget: 5000, experience: "EXPERT", skills: ["Go"] });
    const found = async (params: Record<string, string | number>) =>
      ids((await search({ query: word, ...params })).body).sort();
    expect(await found({ skills: "react" })).toEqual([cheapEntry.id, midExpert.id].sort());
    expect(await found({ skills: "REACT, css" })).toEqual([cheapEntry.id]);
    expect(await found({ experience: "EXPERT" })).toEqual([midExpert.id, richExpert.id].sort());
    expect(await found({ minBudget: 500 })).toEqual([midExpert.id, richExpert.id].sort());
    expect(await found({ maxBudget: 500 })).toEqual([cheapEntry.id, midExpert.id].sort());
    expect(await found({ minBudget: 100.01, maxBudget: 4999.99 })).toEqual([midExpert.id]);
    expect(await found({ experience: "EXPERT", skills: "go", minBudget: 1000 })).toEqual([richExpert.id]);
  });

  it("answers 400 for a pagingState it did not issue, never 500", async () => {
    for (const garbage of [
      "garbage!!",
      "bm90IGpzb24",
      Buffer.from(JSON.stringify([1, "2024-02-31T00:00:00.000000Z", crypto.randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify([1e300, "2024-01-01T00:00:00.000000Z", crypto.randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify({ rank: 1 })).toString("base64url"),
    ]) {
      const res = await search({ query: "anything", pagingState: garbage });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("pagingState");
    }
  });

  it("answers 400 naming the parameter for a bad pageLimit, experience or budget range", async () => {
    const bad: [Record<string, string | number>, string][] = [
      [{ pageLimit: 0 }, "pageLimit"],
      [{ pageLimit: 101 }, "pageLimit"],
      [{ pageLimit: "ten" }, "pageLimit"],
      [{ experience: "GURU" }, "experience"],
      [{ minBudget: -1 }, "minBudget"],
      [{ minBudget: 0 }, "minBudget"],
      [{ maxBudget: "1.234" }, "maxBudget"],
      [{ minBudget: 50, maxBudget: 10 }, "maxBudget"],
    ];
    for (const [params, field] of bad) {
      const res = await search({ query: "x", ...params });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
  });

  it("survives queries with operators, quotes and only stop words", async () => {
    const word = uniqueWord();
    const job = await postJob(a, caller("CLIENT"), { title: `${word} api` });
    expect(ids((await search({ query: `"${word} api"` })).body)).toEqual([job.id]);
    expect(ids((await search({ query: `${word} -api` })).body)).toEqual([]);
    for (const q of ["the", "&|!():*", "'\\"]) expect((await search({ query: q })).status).toBe(200);
  });

  it("uses the full-text index rather than scanning", async () => {
    const sql = stack.db("jobs");
    // a handful of rows would be scanned anyway; with scans priced out, the plan shows whether the index fits the query
    const plan = await sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return tx.unsafe(
        `explain select id from jobs where active and search @@ websearch_to_tsquery('english', 'developer')`,
      );
    });
    await sql.end();
    expect(plan.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")).toContain("jobs_search");
  });
});
