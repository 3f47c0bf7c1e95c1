// A service replica killed with SIGKILL in the middle of a write: the broker redelivers the unacknowledged message to
// the other replica, and the write is applied exactly once (the request log deduplicates by request id).
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import type postgres from "postgres";
import { waitFor, type Proc } from "../support/stack.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";
import { controlEnv, ctl, patchFile } from "../support/controller.ts";
import { job } from "../support/marketplace.ts";
import { printSummary, tally } from "../support/summary.ts";

const { stack, api: a } = useStack({
  services: ["jobs"],
  replicas: { jobs: 2 },
  env: { ...controlEnv, GATEWAY_TIMEOUT_MS: "20000" },
});
let db: ReturnType<typeof postgres>;
const clientId = crypto.randomUUID();
const token = craftToken(
  {
    sub: `client.${clientId}@example.com`,
    userId: clientId,
    role: "CLIENT",
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
  },
  { secret: testJwtSecret },
);

beforeAll(async () => {
  // The gateway waits long enough for a redelivered write to finish on the surviving replica.
  db = stack.db("jobs");
  await ctl(stack, ["updateCommand", "jobs", "createJob", patchFile("faults", "slowCreateJob")]);
}, 120_000);
afterAll(async () => {
  await db?.end();
  printSummary(import.meta.path);
}, 30_000);

/**
 * The replica whose database session holds this write's open transaction, once its last statement matches `statement`.
 */
async function replicaInTheMiddleOf(statement: RegExp): Promise<Proc> {
  let instance = "";
  await waitFor(
    `a replica in the middle of the write (${statement})`,
    async () => {
      const rows = await db`select application_name, query from pg_stat_activity
      where datname = current_database() and state = 'idle in transaction'
        and application_name like ${`${stack.ns}-jobs-%`}`;
      instance = rows.find((r) => statement.test(r.query))?.application_name ?? "";
      return instance !== "";
    },
    15_000,
    20,
  );
  const proc = stack.replicas("jobs").find((p) => `${stack.ns}-${p.name}` === instance);
  if (!proc) throw new Error(`no running replica is ${instance}`);
  return proc;
}

const killCases: Array<[string, RegExp]> = [
  ["before its work began (request claimed, nothing written)", /insert into request_log/i],
  ["after it wrote the job, before the commit", /insert into jobs/i],
];

describe("a replica killed with SIGKILL mid-write", () => {
  for (const [when, statement] of killCases) {
    it(
      `applies the write exactly once on the other replica when killed ${when}`,
      () =>
        tally(import.meta.path, `SIGKILL mid-write, ${when.split(" (")[0]}`, async (t) => {
          if (stack.replicas("jobs").length < 2) await stack.spawn("jobs"); // the previous case killed one
          const title = `Killed mid-write ${crypto.randomUUID()}`;
          const key = crypto.randomUUID();
          const sent = a.post("/api/v1/jobs", job({ title }), token, { "idempotency-key": key });
          const victim = await replicaInTheMiddleOf(statement);
          const survivor = stack.replicas("jobs").find((p) => p !== victim)!;
          await stack.kill(victim, "SIGKILL");

          const reply = await sent;
          t.check(
            reply.status === 201 && reply.body.title === title,
            `the client got ${reply.status} ${JSON.stringify(reply.body)}`,
          );
          const rows = await db`select id from jobs where title = ${title}`;
          t.check(rows.length === 1, `${rows.length} jobs were written`);
          t.check(rows[0]?.id === reply.body.id, "the job the client was told about is the one in the database");
          t.check(survivor.proc.exitCode === null, "the other replica still runs");

          // The client retries with the same Idempotency-Key: the stored reply, nothing written again.
          const retry = await a.post("/api/v1/jobs", job({ title }), token, { "idempotency-key": key });
          t.check(
            retry.status === 201 && retry.body.id === reply.body.id,
            `the retry answered ${retry.status} ${JSON.stringify(retry.body)}`,
          );
          t.check(
            (await db`select count(*)::int as n from jobs where title = ${title}`)[0].n === 1,
            "the retry wrote again",
          );
          expect(t.failed).toEqual([]);
        }),
      90_000,
    );
  }
});
