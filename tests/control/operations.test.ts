import { beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { signControl } from "../../svc/runtime/control/credential.ts";
import { waitFor } from "../support/stack.ts";
import { closeAllConnections } from "../support/broker.ts";
import { caller, controlSecret, ctl, patch, postJob, publishRaw, queueDepth, statesOf, underLoad } from "./harness.ts";

const { stack, api: a } = useStack({
  services: ["jobs"],
  replicas: { jobs: 2 },
  // Every GET /jobs/{id} must reach a replica (limits, freeze, queueing): the gateway's edge cache is off.
  env: { CONTROL_SECRET: controlSecret, GATEWAY_TIMEOUT_MS: "30000", EDGE_CACHE_BYTES: "0" },
});
const client = caller("CLIENT");
let jobId: string;
let instances: string[];

beforeAll(async () => {
  jobId = await postJob(a, client.token);
  instances = [`${stack.ns}-jobs-1`, `${stack.ns}-jobs-2`];
});

const getJob = () => a.get(`/api/v1/jobs/${jobId}`, client.token);
const status = async () => {
  const run = await ctl(stack, ["status", "jobs"]);
  expect(run.code).toBe(0);
  return statesOf(run.outcome);
};
const acked = async (args: string[]) => {
  const run = await ctl(stack, args);
  expect({
    code: run.code,
    stderr: run.stderr,
    replies: run.outcome?.replies.map((r) => [r.instance, r.ok, r.error]),
  }).toEqual({ code: 0, stderr: run.stderr, replies: instances.map((i) => [i, true, undefined]) });
  return run;
};
/** A slow getJob patch for the duration of fn, rolled back afterwards. */
const withSlowGetJob = async (fn: () => Promise<void>, fixture = "getJobSlow") => {
  await acked(["updateCommand", "jobs", "getJob", patch(fixture)]);
  try {
    await fn();
  } finally {
    await acked(["rollbackCommand", "jobs", "getJob"]);
  }
};

describe("status", () => {
  it("lists every replica with its instance, process, limits, log level, in-flight count and " +
    "command versions", async () => {
    const states = await status();
    expect(Object.keys(states).sort()).toEqual(instances);
    for (const s of Object.values(states)) {
      expect(s).toMatchObject({
        service: "jobs",
        frozen: false,
        concurrency: 50,
        poolMax: 10,
        logLevel: process.env.TEST_LOG_LEVEL ?? "warn",
        inFlight: 0,
      });
      expect(typeof s.host).toBe("string");
      expect(s.pid).toBeGreaterThan(0);
      expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
      expect(s.commands.getJob).toMatchObject({ source: "builtin" });
      expect(s.commands.getJob.version).toMatch(/^[0-9a-f]{16}$/);
    }
    const table = Bun.spawnSync([process.execPath, "ctl/main.ts", "status", "jobs"], {
      env: { ...process.env, WORKUP_NAMESPACE: stack.ns, CONTROL_SECRET: controlSecret },
    });
    const text = table.stdout.toString();
    expect(table.exitCode).toBe(0);
    for (const i of instances) expect(text).toContain(i);
    expect(text).toContain("getJob");
  }, 60_000);
});

describe("limits", () => {
  it("serialises a slow command with setMaxThreads 1 and runs it concurrently again with a higher limit", async () => {
    await withSlowGetJob(async () => {
      try {
        await acked(["setMaxThreads", "jobs", "1"]);
        expect(Object.values(await status()).map((s) => s.concurrency)).toEqual([1, 1]);
        const serial = await Promise.all(Array.from({ length: 6 }, getJob));
        expect(serial.map((r) => r.status)).toEqual(Array(6).fill(200));
        expect(serial.map((r) => r.body.concurrent)).toEqual(Array(6).fill(1));

        await acked(["setMaxThreads", "jobs", "8"]);
        const parallel = await Promise.all(Array.from({ length: 6 }, getJob));
        expect(parallel.map((r) => r.status)).toEqual(Array(6).fill(200));
        expect(Math.max(...parallel.map((r) => r.body.concurrent))).toBeGreaterThan(1);
      } finally {
        await acked(["setMaxThreads", "jobs", "50"]);
      }
    });
  }, 60_000);

  it("resizes the database pool reported by status without failing requests under load", async () => {
    const resized = (async () => {
      await Bun.sleep(500);
      await acked(["setMaxDbConnections", "jobs", "3"]);
      await Bun.sleep(500);
    })();
    const answers = await underLoad(4, async () => (await a.get(`/api/v1/jobs/me`, client.token)).status, resized);
    await resized;
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((s) => s !== 200)).toEqual([]);
    expect(Object.values(await status()).map((s) => s.poolMax)).toEqual([3, 3]);
    const sql = stack.db("jobs");
    const [row] = await sql`select value from control_overrides where key = 'pool'`;
    await sql.end();
    expect(row.value).toBe(3);
    await acked(["setMaxDbConnections", "jobs", "10"]);
  }, 60_000);

  it("changes the log level, and every replica refuses an unknown level", async () => {
    await acked(["setLoggingLevel", "jobs", "ERROR"]);
    expect(Object.values(await status()).map((s) => s.logLevel)).toEqual(["error", "error"]);
    const wrong = await ctl(stack, ["setLoggingLevel", "jobs", "loud"]);
    expect(wrong.code).toBe(1);
    expect(wrong.outcome!.replies.map((r) => r.ok)).toEqual([false, false]);
    expect(wrong.outcome!.replies[0].error).toContain('unknown log level "loud"');
    await acked(["setLoggingLevel", "jobs", "warn"]);
  }, 60_000);
});

describe("freeze and start", () => {
  it("finishes in-flight requests, releases database connections, keeps queued messages and " +
    "answers them all after start", async () => {
    await withSlowGetJob(async () => {
      let finishedAt = 0;
      const inFlight = Promise.all([getJob(), getJob()]).finally(() => {
        finishedAt = Date.now();
      });
      await Bun.sleep(300);
      const freeze = await acked(["freeze", "jobs"]);
      const frozenAt = Date.now();
      expect(freeze.outcome!.replies.map((r) => r.state as { frozen: boolean; inFlight: number })).toEqual(
        instances.map(() => expect.objectContaining({ frozen: true, inFlight: 0 })),
      );
      // The requests that were running when the freeze arrived finished first, on the code they started with.
      const slow = await inFlight;
      expect(slow.map((r) => [r.status, r.body.slow])).toEqual([
        [200, true],
        [200, true],
      ]);
      expect(finishedAt).toBeGreaterThan(0);
      expect(finishedAt).toBeLessThanOrEqual(frozenAt);

      const sql = stack.db("jobs");
      const connections = async () =>
        (
          await sql`select count(*)::int as n from pg_stat_activity where application_name like ${`${stack.ns}-jobs-%`}`
        )[0].n;
      await waitFor("database connections to close", async () => (await connections()) === 0, 10_000);

      const queued = Array.from({ length: 6 }, getJob);
      await waitFor("requests to wait in the queue", async () => (await queueDepth(stack, "queue_jobs")) === 6, 10_000);
      await Bun.sleep(500);
      expect(await queueDepth(stack, "queue_jobs")).toBe(6); // nobody takes them while frozen
      expect((await sql`select value from control_overrides where key = 'frozen'`)[0]?.value).toBe(true);

      await acked(["start", "jobs"]);
      const answers = await Promise.all(queued);
      expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(answers.every((r) => r.body.id === jobId)).toBe(true);
      expect(await sql`select value from control_overrides where key = 'frozen'`).toHaveLength(0);
      expect(await connections()).toBeGreaterThan(0); // the pool reopened
      await sql.end();
    }, "getJobVerySlow");
    expect(Object.values(await status()).map((s) => s.frozen)).toEqual([false, false]);
  }, 60_000);
});

describe("deleteCommand and addCommand", () => {
  it("makes the gateway answer a clear error at once, then serves the command again", async () => {
    await acked(["deleteCommand", "jobs", "getJob"]);
    const deleted = await getJob();
    expect(deleted.status).toBe(404);
    expect(deleted.body.error).toMatchObject({
      code: "unknown_command",
      message: "The getJob command of the jobs service is disabled",
    });
    expect(Object.values(await status()).map((s) => [s.commands.getJob, s.deletedCommands])).toEqual([
      [undefined, ["getJob"]],
      [undefined, ["getJob"]],
    ]);

    const again = await ctl(stack, ["deleteCommand", "jobs", "getJob"]);
    expect(again.code).toBe(1); // already deleted: every replica says so
    expect(again.outcome!.replies[0].error).toContain("is not served");

    await acked(["addCommand", "jobs", "getJob"]);
    const back = await getJob();
    expect(back.status).toBe(200);
    expect(back.body.id).toBe(jobId);
  }, 60_000);

  it("adds a command from a file", async () => {
    await acked(["deleteCommand", "jobs", "getJob"]);
    const added = await acked(["addCommand", "jobs", "getJob", patch("getJobTagged")]);
    expect(added.outcome!.replies[0].version).toMatch(/^[0-9a-f]{16}$/);
    expect((await getJob()).body.patched).toBe("v2");
    await acked(["rollbackCommand", "jobs", "getJob"]);
    expect((await getJob()).body.patched).toBeUndefined();
  }, 60_000);
});

describe("after a lost broker connection", () => {
  it("applies again what was stored meanwhile, as if it had received the control messages it missed", async () => {
    const before = await status();
    const getJobVersion = before[instances[0]].commands.getJob.version;
    // What the controller stored while these replicas' control queues were gone (they expire when cut off long enough).
    const sql = stack.db("jobs");
    const store = (key: string, value: unknown) => sql`
      insert into control_overrides (key, value) values (${key}, ${sql.json(value as never)})
      on conflict (key) do update set value = excluded.value`;
    try {
      await store("concurrency", 7);
      await store("level", "debug");
      await store("command:getJob", { deleted: true, current: { source: "builtin", version: getJobVersion } });
      expect(Object.values(await status()).map((s) => s.concurrency)).toEqual([50, 50]); // nothing told them yet
      const replicas = stack.replicas("jobs").map((p) => stack.instanceOf(p));
      expect(await closeAllConnections(stack.ns, replicas)).toBeGreaterThanOrEqual(2);
      await waitFor(
        "both replicas to re-apply the stored overrides",
        async () => {
          const states = Object.values(await status());
          return (
            states.length === 2 &&
            states.every((s) => s.concurrency === 7 && s.logLevel === "debug" && s.deletedCommands.includes("getJob"))
          );
        },
        20_000,
        500,
      );
      await waitFor("the gateway to answer", async () => (await getJob()).status === 404, 10_000);
      expect((await getJob()).body.error.message).toContain("disabled");
    } finally {
      await sql.end();
    }
    await acked(["addCommand", "jobs", "getJob"]);
    await acked(["setMaxThreads", "jobs", String(before[instances[0]].concurrency)]);
    await acked(["setLoggingLevel", "jobs", before[instances[0]].logLevel]);
    expect((await getJob()).status).toBe(200);
  }, 60_000);
});

describe("operator credential", () => {
  it("refuses control messages signed with another secret, tampered with, replayed or stale", async () => {
    const before = await status();
    const forged = await ctl(stack, ["setMaxThreads", "jobs", "1"], { CONTROL_SECRET: "not-the-secret" });
    expect(forged.code).toBe(1);
    expect(forged.outcome!.replies.map((r) => [r.ok, r.error])).toEqual(
      instances.map(() => [false, "invalid operator credential"]),
    );

    const signed = signControl(controlSecret, {
      id: crypto.randomUUID(),
      service: "jobs",
      op: "setMaxThreads",
      args: { n: 2 },
      issuedAt: Date.now(),
    });
    const tampered = await publishRaw(stack, "jobs", { ...signed, args: { n: 1 } });
    expect(tampered.map((r) => r.error)).toEqual(instances.map(() => "invalid operator credential"));
    const stale = signControl(controlSecret, {
      id: crypto.randomUUID(),
      service: "jobs",
      op: "setMaxThreads",
      args: { n: 2 },
      issuedAt: Date.now() - 10 * 60_000,
    });
    expect((await publishRaw(stack, "jobs", stale)).map((r) => r.error)).toEqual(
      instances.map(() => "control message is too old"),
    );
    const forPayments = signControl(controlSecret, {
      id: crypto.randomUUID(),
      service: "payments",
      op: "setMaxThreads",
      args: { n: 1 },
      issuedAt: Date.now(),
    });
    expect((await publishRaw(stack, "jobs", forPayments)).map((r) => r.error)).toEqual(
      instances.map(() => "control message for another service (payments)"),
    );
    const unsigned = await publishRaw(stack, "jobs", { id: "x", op: "freeze", args: {} });
    expect(unsigned.map((r) => r.error)).toEqual(instances.map(() => "malformed control message"));

    const first = await publishRaw(stack, "jobs", signed);
    expect(first.map((r) => r.ok)).toEqual([true, true]);
    const replayed = await publishRaw(stack, "jobs", signed);
    expect(replayed.map((r) => r.error)).toEqual(instances.map(() => "control message already applied (replayed)"));

    expect(Object.values(await status()).map((s) => s.concurrency)).toEqual([2, 2]);
    await acked(["setMaxThreads", "jobs", String(before[instances[0]].concurrency)]);
  }, 60_000);
});
