import { beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { signControl } from "../../svc/runtime/control/credential.ts";
import { versionOf } from "../../svc/runtime/commandMap.ts";
import { bundlePatch } from "../../ctl/bundle.ts";
import { caller, controlSecret, ctl, patch, postJob, publishRaw, statesOf, underLoad } from "./harness.ts";

const { stack, api: a } = useStack({
  services: ["jobs"],
  replicas: { jobs: 2 },
  env: { CONTROL_SECRET: controlSecret },
});
const client = caller("CLIENT");
let jobId: string;

beforeAll(async () => {
  jobId = await postJob(a, client.token);
});

const getJob = () => a.get(`/api/v1/jobs/${jobId}`, client.token);
const versionsOfGetJob = async () => {
  const status = await ctl(stack, ["status", "jobs"]);
  expect(status.code).toBe(0);
  return Object.values(statesOf(status.outcome)).map((s) => s.commands.getJob?.version);
};

describe("updateCommand and rollbackCommand", () => {
  it("switches GET /api/v1/jobs/{id} to the patch and back under continuous load with zero " +
    "failed requests", async () => {
    const builtin = (await versionsOfGetJob())[0];
    const marks: Record<string, number> = {};
    const operator = (async () => {
      await Bun.sleep(1000);
      marks.updateSent = Date.now();
      const update = await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobTagged")]);
      marks.updateAcked = Date.now();
      await Bun.sleep(1500);
      marks.rollbackSent = Date.now();
      const rollback = await ctl(stack, ["rollbackCommand", "jobs", "getJob"]);
      marks.rollbackAcked = Date.now();
      await Bun.sleep(1500);
      return { update, rollback };
    })();
    const answers = await underLoad(
      4,
      async () => {
        const startedAt = Date.now();
        const res = await getJob();
        return { startedAt, status: res.status, patched: res.body?.patched === "v2", id: res.body?.id };
      },
      operator,
    );
    const { update, rollback } = await operator;

    expect(update.code).toBe(0);
    expect(update.outcome!.replies.map((r) => r.ok)).toEqual([true, true]);
    const patchVersion = update.outcome!.replies[0].version;
    expect(update.outcome!.replies[1].version).toBe(patchVersion!);
    expect(patchVersion).not.toBe(builtin);
    expect(rollback.code).toBe(0);
    expect(rollback.outcome!.replies.map((r) => r.version)).toEqual([builtin, builtin]);

    expect(answers.filter((r) => r.status !== 200)).toEqual([]);
    expect(answers.every((r) => r.id === jobId)).toBe(true);
    // Once every replica acknowledged, every new request runs the version it acknowledged.
    const between = answers.filter((r) => r.startedAt > marks.updateAcked && r.startedAt < marks.rollbackSent);
    const after = answers.filter((r) => r.startedAt > marks.rollbackAcked);
    const before = answers.filter((r) => r.startedAt < marks.updateSent);
    expect(before.length).toBeGreaterThan(0);
    expect(between.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every((r) => !r.patched)).toBe(true);
    expect(between.every((r) => r.patched)).toBe(true);
    expect(after.every((r) => !r.patched)).toBe(true);
  }, 60_000);

  it("refuses a patch that does not compile, has the wrong shape or the wrong hash on every " +
    "replica, and the old code keeps serving", async () => {
    const before = await versionsOfGetJob();

    const syntax = await ctl(stack, ["updateCommand", "jobs", "getJob", patch("syntaxError")]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain("does not compile");

    // The CLI runs the replicas' checks before sending: a patch they would refuse is never sent.
    const shape = await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobWrongShape")]);
    expect(shape.code).toBe(1);
    expect(shape.outcome).toBeNull();
    expect(shape.stderr).toContain("refused: the module must export a command with a run(ctx, input) function");

    // The same patch, code that does not even parse, and code whose hash does not match, sent past the CLI.
    const send = (args: Record<string, unknown>) =>
      publishRaw(
        stack,
        "jobs",
        signControl(controlSecret, {
          id: crypto.randomUUID(),
          service: "jobs",
          op: "updateCommand",
          args,
          issuedAt: Date.now(),
        }),
      );
    const wrongShape = await bundlePatch(patch("getJobWrongShape"));
    const shapeRefused = await send({ command: "getJob", code: wrongShape.code, hash: wrongShape.hash });
    expect(shapeRefused.map((r) => r.ok)).toEqual([false, false]);
    for (const r of shapeRefused) expect(r.error).toContain("run(ctx, input)");
    const broken = "export default { name: 'getJob', run(ctx, input) { return {";
    const unparsable = await send({ command: "getJob", code: broken, hash: versionOf(broken) });
    expect(unparsable.map((r) => r.ok)).toEqual([false, false]);
    for (const r of unparsable) expect(r.error).toContain("does not load");
    const good = "export default { name: 'getJob', async run() { return { hijacked: true }; } };";
    const mismatch = await send({ command: "getJob", code: good, hash: versionOf("something else") });
    expect(mismatch.map((r) => r.ok)).toEqual([false, false]);
    for (const r of mismatch) expect(r.error).toContain("content hash");
    // A write command patched into a plain read would run outside its transaction and deduplication.
    const unsafe = "export default { name: 'createJob', async run() { return { id: 'x' }; } };";
    const notAWrite = await send({ command: "createJob", code: unsafe, hash: versionOf(unsafe) });
    expect(notAWrite.map((r) => r.ok)).toEqual([false, false]);
    for (const r of notAWrite) expect(r.error).toContain("must keep write: true of createJob");

    expect(await versionsOfGetJob()).toEqual(before);
    const res = await getJob();
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(jobId);
    expect(res.body.patched).toBeUndefined();
    expect(res.body.hijacked).toBeUndefined();
  }, 60_000);

  it("answers a patch's own not-found error as a 404, not a server error", async () => {
    const update = await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobNotFound")]);
    expect(update.code).toBe(0);
    const res = await getJob();
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "not_found", message: "Patched: no such job" });
    expect((await ctl(stack, ["rollbackCommand", "jobs", "getJob"])).code).toBe(0);
    expect((await getJob()).status).toBe(200);
  }, 60_000);

  it("gives a replica that starts later the patched version, from the stored override", async () => {
    const update = await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobTagged")]);
    expect(update.code).toBe(0);
    const version = update.outcome!.replies[0].version;
    const sql = stack.db("jobs");
    const [row] = await sql`select value from control_overrides where key = 'command:getJob'`;
    await sql.end();
    expect(row.value).toMatchObject({ deleted: false, current: { source: "patch", version } });

    const late = await stack.spawn("jobs");
    try {
      const status = await ctl(stack, ["status", "jobs", "--expect", "3"]);
      expect(status.code).toBe(0);
      const states = statesOf(status.outcome);
      expect(Object.keys(states)).toContain(`${stack.ns}-jobs-3`);
      for (const s of Object.values(states)) expect(s.commands.getJob).toMatchObject({ version, source: "patch" });

      // Rolled back everywhere, the late replica included (it kept the previous version too).
      const rollback = await ctl(stack, ["rollbackCommand", "jobs", "getJob"]);
      expect(rollback.code).toBe(0);
      expect(rollback.outcome!.replies).toHaveLength(3);
      expect(new Set(rollback.outcome!.replies.map((r) => r.version)).size).toBe(1);
    } finally {
      await stack.kill(late, "SIGTERM");
    }
    for (let i = 0; i < 6; i++) expect((await getJob()).body.patched).toBeUndefined();
  }, 90_000);
});
