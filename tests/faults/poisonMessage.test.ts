// A poison message: a handler that always throws for one input. It is retried a bounded number of times, then set
// aside in the dead-letter queue with its error; it never blocks the queue nor loops, and other requests keep flowing.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { readFileSync } from "node:fs";
import { queueInfo, waitFor } from "../support/stack.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";
import { controlEnv, ctl, patchFile } from "../support/controller.ts";
import { job } from "../support/marketplace.ts";
import { printSummary, tally } from "../support/summary.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const mgmt = new URL(infrastructure().mgmtUrl);
const mgmtAuth = {
  authorization: "Basic " + btoa(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`),
  "content-type": "application/json",
};
const maxAttempts = 3;

const { stack, api: a } = useStack({
  services: ["jobs"],
  replicas: { jobs: 2 },
  env: { ...controlEnv, MAX_ATTEMPTS: String(maxAttempts) },
});
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
  await ctl(stack, ["updateCommand", "jobs", "createJob", patchFile("faults", "poisonCreateJob")]);
});
afterAll(async () => {
  printSummary(import.meta.path);
});

/** The dead-letter queue's messages, looked at through the management API and left in place. */
async function deadLetters(): Promise<
  Array<{ payload: string; properties: { headers?: Record<string, unknown>; message_id?: string } }>
> {
  const res = await fetch(`${mgmt.origin}/api/queues/${encodeURIComponent(stack.ns)}/dlq_jobs/get`, {
    method: "POST",
    headers: mgmtAuth,
    body: JSON.stringify({ count: 100, ackmode: "ack_requeue_true", encoding: "auto" }),
  });
  if (!res.ok) throw new Error(`reading dlq_jobs: ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

describe("a poison message", () => {
  it(
    "is retried a bounded number of times, then dead-lettered with its error, while other requests keep flowing",
    () =>
      tally(import.meta.path, "Poison message (handler always throws)", async (t) => {
        const title = `poison ${crypto.randomUUID()}`;
        const poisoned = a.post("/api/v1/jobs", job({ title }), token);
        // Meanwhile, ordinary writes and reads on the same queue.
        const others = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const created = await a.post("/api/v1/jobs", job({ title: `healthy ${i} ${crypto.randomUUID()}` }), token);
            const read = created.status === 201 ? await a.get(`/api/v1/jobs/${created.body.id}`, token) : created;
            return [created.status, read.status];
          }),
        );
        for (const [created, read] of others)
          t.check(created === 201 && read === 200, `an ordinary request answered ${created}/${read}`);

        const reply = await poisoned;
        t.check(
          reply.status === 500 && reply.body.error?.code === "internal",
          `the poisoned request answered ${reply.status} ${JSON.stringify(reply.body)}`,
        );
        t.check(
          !/poisoned title|at .*\.ts/.test(JSON.stringify(reply.body)),
          "the error reply leaks the handler's error or a stack",
        );

        let letters: Awaited<ReturnType<typeof deadLetters>> = [];
        await waitFor(
          "the dead letter",
          async () => (letters = (await deadLetters()).filter((m) => m.payload.includes(title))).length > 0,
          10_000,
        );
        t.check(letters.length === 1, `${letters.length} dead letters for the request`);
        const headers = letters[0]?.properties.headers ?? {};
        t.check(
          String(headers["x-error"]).includes("cannot index a poisoned title"),
          `x-error is ${JSON.stringify(headers["x-error"])}`,
        );
        t.check(Number(headers["x-attempt"]) === maxAttempts, `dead-lettered after attempt ${headers["x-attempt"]}`);
        t.check(headers["x-command"] === "createJob", `x-command is ${headers["x-command"]}`);

        // It does not come back: the service queue drains and stays empty, the dead letter stays one, nothing was
        // written.
        await waitFor(
          "the service queue to drain",
          async () => (await queueInfo(stack.ns, "queue_jobs"))?.messages === 0,
          15_000,
          250,
        );
        await Bun.sleep(2000);
        t.check(
          (await deadLetters()).filter((m) => m.payload.includes(title)).length === 1,
          "the poison message was dead-lettered more than once",
        );
        const db = stack.db("jobs");
        try {
          t.check(
            (await db`select count(*)::int as n from jobs where title = ${title}`)[0].n === 0,
            "the poisoned write left a row",
          );
        } finally {
          await db.end();
        }
        const retries = stack.procs
          .filter((p) => p.service === "jobs")
          .map(
            (p) =>
              readFileSync(p.log, "utf8")
                .split("\n")
                .filter((l) => l.includes("command failed; retrying") && l.includes('"createJob"')).length,
          )
          .reduce((x, y) => x + y, 0);
        t.check(retries === maxAttempts - 1, `${retries} retries logged, expected ${maxAttempts - 1}`);
        // And the queue still serves.
        t.check(
          (await a.post("/api/v1/jobs", job({ title: `after ${crypto.randomUUID()}` }), token)).status === 201,
          "a write after the poison message",
        );
        expect(t.failed).toEqual([]);
      }),
    90_000,
  );
});
