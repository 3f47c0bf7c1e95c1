// Real infrastructure faults under a running stack: RabbitMQ's application stopped and started during steady load,
// Redis shut down and started again, PostgreSQL restarted. Every restart of this suite is in this file, each one
// short and restored in `finally` (other test files, and other people's stacks on this machine, use the servers).
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import Redis from "ioredis";
import { readFileSync } from "node:fs";
import { startStack, waitFor, type Stack } from "../support/stack.ts";
import { api, registerClient, registerFreelancer, type Account, type Api } from "../support/api.ts";
import { steadyLoad, statusCounts, type Sample } from "../support/load.ts";
import { ensurePostgres, restartPostgres, startRabbit, startRedis, stopRabbit, stopRedis } from "../support/infra.ts";
import { job, proposal } from "../support/marketplace.ts";
import { printSummary, tally, type Tally } from "../support/summary.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const replyTimeoutMs = 8000; // above PostgreSQL's 5 s connect timeout: a database outage is a 503, not a 504
let stack: Stack;
let a: Api;
let client: Account, freelancer: Account;
let pids: number[];

beforeAll(async () => {
  // Reads must reach the services (their Redis cache is what these faults break): the edge cache is off.
  stack = await startStack({
    services: ["users", "jobs"],
    env: { GATEWAY_TIMEOUT_MS: String(replyTimeoutMs), EDGE_CACHE_BYTES: "0" },
  });
  a = api(stack.url);
  client = await registerClient(a);
  freelancer = await registerFreelancer(a);
  pids = stack.procs.map((p) => p.proc.pid);
}, 120_000);
afterAll(async () => {
  // Whatever happened above, the servers answer again before the next file runs.
  await startRabbit().catch((err) => console.error(`RabbitMQ not restored: ${err}`));
  await startRedis().catch((err) => console.error(`Redis not restored: ${err}`));
  await ensurePostgres().catch((err) => console.error(`PostgreSQL not restored: ${err}`));
  await stack?.stop();
  printSummary(import.meta.path);
}, 180_000);

const uniqueTitle = (tag: string) => `${tag} ${crypto.randomUUID()}`;
const postJob = async (title = uniqueTitle("fault")) => {
  const res = await a.post("/api/v1/jobs", job({ title }), client.token);
  if (res.status !== 201) throw new Error(`job creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
};

/** Mixed reads and writes; a write's title is unique, so the database tells exactly which ones were applied. */
function mixedLoad(jobId: string, workers = 8) {
  return steadyLoad(
    workers,
    (i) =>
      i % 3 === 0
        ? { kind: "read job", send: () => a.get(`/api/v1/jobs/${jobId}`, client.token) }
        : i % 3 === 1
          ? { kind: "read profile", send: () => a.get("/api/v1/users/client/profile", client.token) }
          : {
              kind: "create job",
              send: () => a.post("/api/v1/jobs", job({ title: uniqueTitle("load") }), client.token),
            },
    { hangMs: replyTimeoutMs + 5000 },
  );
}

/** The writes the gateway acknowledged with 2xx are all in the jobs database, and no write was applied twice. */
async function checkAcknowledgedWrites(t: Tally, samples: Sample[]) {
  const acknowledged = samples.filter((s) => s.kind === "create job" && s.status === 201);
  const db = stack.db("jobs");
  try {
    const ids = acknowledged.map((s) => s.body.id as string);
    const rows = ids.length ? await db`select id, title from jobs where id = any(${ids}::uuid[])` : [];
    const found = new Set(rows.map((r) => r.id));
    for (const s of acknowledged)
      t.check(found.has(s.body.id), `acknowledged job ${s.body.id} is missing from the database`);
    const dupes =
      await db`select title, count(*)::int as n from jobs where title like 'load %' group by title having count(*) > 1`;
    t.check(dupes.length === 0, () => `writes applied twice: ${JSON.stringify(dupes)}`);
  } finally {
    await db.end();
  }
}

/** Every request got an answer in time: a success or a clear 503/504 (`allowed`). One case per request. */
function checkAnswers(t: Tally, samples: Sample[], allowed: number[]) {
  for (const s of samples) {
    const inTime = s.status !== 0 && s.ms <= replyTimeoutMs + 3000;
    const clear = (s.status >= 200 && s.status < 300) || allowed.includes(s.status);
    t.check(
      inTime && clear,
      `${s.kind} sent at ${new Date(s.startedAt).toISOString()} answered ${s.status || "nothing"} after ${s.ms} ms: ` +
        JSON.stringify(s.body).slice(0, 200),
    );
  }
}

/** After the fault ended, traffic succeeds again by itself: the first 2xx, then nothing but 2xx for a while. */
async function checkRecovery(t: Tally, samples: Sample[], restoredAt: number) {
  await waitFor(
    "the first success after the fault",
    () => samples.some((s) => s.startedAt >= restoredAt && s.status < 300),
    30_000,
  );
  const firstOk = samples
    .filter((s) => s.startedAt >= restoredAt && s.status < 300)
    .sort((x, y) => x.startedAt - y.startedAt)[0];
  // A replica may need one more reconnection round (up to 2 s apart): settle, then everything must succeed.
  const settled = firstOk.startedAt + 3000;
  await Bun.sleep(settled + 8000 - Date.now());
  const after = samples.filter((s) => s.startedAt >= settled);
  t.check(after.length > 0, "no traffic measured after the recovery");
  for (const s of after)
    t.check(
      s.status >= 200 && s.status < 300,
      `${s.kind} still failing ${Math.round((s.startedAt - restoredAt) / 1000)} s after the fault ended: ${s.status}`,
    );
  return firstOk.startedAt - restoredAt;
}

const sameProcesses = (t: Tally) => {
  for (const p of stack.procs)
    t.check(
      p.proc.exitCode === null && pids.includes(p.proc.pid),
      `${p.name} exited or was restarted (${p.proc.exitCode})`,
    );
};

describe("infrastructure faults", () => {
  it(
    "keeps answering 503/504 at once while RabbitMQ restarts, recovers by itself, and keeps every acknowledged write",
    () =>
      tally(import.meta.path, "RabbitMQ restart during steady load", async (t) => {
        const jobId = await postJob();
        const load = mixedLoad(jobId);
        let restoredAt = 0;
        try {
          await Bun.sleep(1500);
          await stopRabbit();
          await Bun.sleep(1000);
        } finally {
          await startRabbit(stack.ns);
          restoredAt = Date.now();
        }
        let recoveredAfterMs = -1;
        try {
          recoveredAfterMs = await checkRecovery(t, load.samples, restoredAt);
        } finally {
          await load.stop();
        }
        const samples = load.samples;
        checkAnswers(t, samples, [503, 504]);
        await checkAcknowledgedWrites(t, samples);
        sameProcesses(t);
        t.check(
          samples.some((s) => s.status === 503 || s.status === 504),
          `no request noticed the outage: ${JSON.stringify(statusCounts(samples))}`,
        );
        expect(t.failed).toEqual([]);
        expect(recoveredAfterMs).toBeGreaterThanOrEqual(0);
      }),
    240_000,
  );

  it(
    "serves reads and writes from PostgreSQL while Redis is stopped, never stale, and caches again once it is back",
    () =>
      tally(import.meta.path, "Redis stopped, then started again", async (t) => {
        const redis = new Redis(infrastructure().redisUrl, {
          lazyConnect: true,
          maxRetriesPerRequest: 1,
          retryStrategy: () => 200,
        });
        redis.on("error", () => {});
        const jobKey = (id: string) => `${stack.ns}:jobs:job:${id}`;
        try {
          await redis.connect();
          const jobId = await postJob();
          const offer = await a.post(`/api/v1/jobs/${jobId}/proposals`, proposal(), freelancer.token);
          expect(offer.status).toBe(201);
          expect((await a.get(`/api/v1/jobs/${jobId}`, client.token)).status).toBe(200);
          expect((await a.get(`/api/v1/jobs/${jobId}/proposals`, client.token)).body[0].coverLetter).toBe(
            proposal().coverLetter,
          );
          await waitFor("the job in the cache", async () => (await redis.exists(jobKey(jobId))) === 1, 10_000);

          const written: Record<string, unknown> = {};
          try {
            await stopRedis();
            // Reads: from the database.
            const read = await a.get(`/api/v1/jobs/${jobId}`, client.token);
            t.check(read.status === 200 && read.body.id === jobId, `read a job: ${read.status}`);
            const login = await a.post("/api/v1/users/login", { email: client.email, password: client.password });
            t.check(login.status === 200, `login: ${login.status} ${JSON.stringify(login.body)}`);
            // Writes, each read back at once: what was written, never what a cache held before.
            written.coverLetter = `Rewritten while Redis was down ${crypto.randomUUID()}`;
            const update = await a.put(
              `/api/v1/proposals/${offer.body.id}`,
              { coverLetter: written.coverLetter },
              freelancer.token,
            );
            t.check(update.status === 200, `update a proposal: ${update.status} ${JSON.stringify(update.body)}`);
            const proposals = await a.get(`/api/v1/jobs/${jobId}/proposals`, client.token);
            t.check(
              proposals.body?.[0]?.coverLetter === written.coverLetter,
              `stale proposals while Redis was down: ${JSON.stringify(proposals.body).slice(0, 200)}`,
            );
            written.name = `Renamed ${crypto.randomUUID().slice(0, 8)}`;
            const rename = await a.post("/api/v1/users/client/profile", { name: written.name }, client.token);
            t.check(rename.status === 200, `set the profile: ${rename.status} ${JSON.stringify(rename.body)}`);
            const profile = await a.get("/api/v1/users/client/profile", client.token);
            t.check(
              profile.body?.name === written.name,
              `stale profile while Redis was down: ${JSON.stringify(profile.body).slice(0, 200)}`,
            );
            const created = await a.post("/api/v1/jobs", job({ title: uniqueTitle("no cache") }), client.token);
            t.check(created.status === 201, `create a job: ${created.status}`);
            written.jobId = created.body?.id;
            t.check((await a.get(`/api/v1/jobs/${written.jobId}`, client.token)).status === 200, "read the new job");
          } finally {
            await startRedis();
          }
          await redis.connect().catch(() => {}); // ours too: it may have given up while the server was gone

          // Back: the writes made meanwhile are what everyone reads, and reads fill the cache again.
          await waitFor(
            "the job to be cached again",
            async () => {
              const res = await a.get(`/api/v1/jobs/${jobId}`, client.token);
              return res.status === 200 && (await redis.exists(jobKey(jobId))) === 1;
            },
            20_000,
            250,
          );
          t.check(true, "caching resumed");
          // The jobs replica (whose reads above used the cache) said so once, not once per request served meanwhile.
          for (const p of stack.procs.filter((x) => x.service === "jobs")) {
            const warnings = readFileSync(p.log, "utf8")
              .split("\n")
              .filter((l) => l.includes('"cache unavailable; serving from the database"')).length;
            t.check(warnings >= 1 && warnings <= 2, `${p.name} logged the Redis outage ${warnings} times`);
          }
          for (let i = 0; i < 2; i++) {
            // the second read comes from the cache
            const proposals = await a.get(`/api/v1/jobs/${jobId}/proposals`, client.token);
            t.check(
              proposals.body?.[0]?.coverLetter === written.coverLetter,
              `stale proposals after Redis came back: ${JSON.stringify(proposals.body).slice(0, 200)}`,
            );
            const profile = await a.get("/api/v1/users/client/profile", client.token);
            t.check(
              profile.body?.name === written.name,
              `stale profile after Redis came back: ${JSON.stringify(profile.body).slice(0, 200)}`,
            );
          }
          // And invalidation works again: a write is seen by the next (cached) read.
          const again = `Rewritten after Redis came back ${crypto.randomUUID()}`;
          expect(
            (await a.put(`/api/v1/proposals/${offer.body.id}`, { coverLetter: again }, freelancer.token)).status,
          ).toBe(200);
          t.check(
            (await a.get(`/api/v1/jobs/${jobId}/proposals`, client.token)).body?.[0]?.coverLetter === again,
            "stale proposals after a write with Redis back",
          );
          sameProcesses(t);
          expect(t.failed).toEqual([]);
        } finally {
          redis.disconnect();
        }
      }),
    120_000,
  );

  it(
    "answers a clear 503 while PostgreSQL restarts and works again afterwards without restarting anything",
    () =>
      tally(import.meta.path, "PostgreSQL restarted", async (t) => {
        const jobId = await postJob();
        const load = mixedLoad(jobId);
        let restoredAt = 0;
        try {
          await Bun.sleep(1500);
          await restartPostgres();
        } finally {
          await ensurePostgres();
          restoredAt = Date.now();
        }
        try {
          await checkRecovery(t, load.samples, restoredAt);
        } finally {
          await load.stop();
        }
        const samples = load.samples;
        checkAnswers(t, samples, [503]);
        for (const s of samples.filter((x) => x.status === 503))
          t.check(s.code === "unavailable", `a 503 without the unavailable code: ${JSON.stringify(s.body)}`);
        t.check(
          samples.some((s) => s.status === 503),
          `no request noticed the restart: ${JSON.stringify(statusCounts(samples))}`,
        );
        await checkAcknowledgedWrites(t, samples);
        sameProcesses(t);
        expect(t.failed).toEqual([]);
      }),
    180_000,
  );
});
