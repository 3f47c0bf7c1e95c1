import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { controlSecret, ctl } from "./harness.ts";

const { stack } = useStack({
  services: ["jobs"],
  replicas: { jobs: 2 },
  gateway: false,
  env: { CONTROL_SECRET: controlSecret },
});

const plain = (args: string[]) => {
  const run = Bun.spawnSync([process.execPath, "ctl/main.ts", ...args], {
    env: { ...process.env, WORKUP_NAMESPACE: stack.ns, CONTROL_SECRET: controlSecret },
  });
  return { code: run.exitCode, out: run.stdout.toString(), err: run.stderr.toString() };
};

describe("acknowledgements", () => {
  it("prints one row per replica with its result, and exits 0 when every replica acknowledged", () => {
    const run = plain(["setLoggingLevel", "jobs", "info"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("instance");
    for (const n of [1, 2]) expect(run.out).toMatch(new RegExp(`${stack.ns}-jobs-${n}\\s+ok`));
    expect(run.out).toContain("setLoggingLevel jobs: 2 replica(s) answered, all ok");
  }, 30_000);

  it("does not expect an answer from a replica that stopped gracefully", async () => {
    const extra = await stack.spawn("jobs");
    expect((await ctl(stack, ["status", "jobs"])).outcome!.replies).toHaveLength(3);
    await stack.kill(extra, "SIGTERM");
    const run = await ctl(stack, ["status", "jobs"]);
    expect(run.code).toBe(0);
    expect(run.outcome!.replies.map((r) => r.instance)).toEqual([`${stack.ns}-jobs-1`, `${stack.ns}-jobs-2`]);
    expect(run.outcome!.missing).toEqual([]);
  }, 60_000);

  it("exits non-zero when fewer replicas than --expect answer", async () => {
    const run = await ctl(stack, ["status", "jobs", "--expect", "3", "--timeout", "2000"]);
    expect(run.code).toBe(1);
    expect(run.outcome!.replies).toHaveLength(2);
    expect(run.outcome!.problems).toContain("expected 3 replica(s), 2 answered");
  }, 30_000);

  it("reports a killed replica as missing and exits non-zero", async () => {
    const [, second] = stack.replicas("jobs");
    await stack.kill(second, "SIGKILL");
    const run = await ctl(stack, ["setMaxThreads", "jobs", "5", "--timeout", "3000"]);
    expect(run.code).toBe(1);
    expect(run.outcome!.replies.map((r) => [r.instance, r.ok])).toEqual([[`${stack.ns}-jobs-1`, true]]);
    expect(run.outcome!.missing).toEqual([`${stack.ns}-jobs-2`]);

    const table = plain(["status", "jobs", "--timeout", "3000"]);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(new RegExp(`${stack.ns}-jobs-2.*MISSING`));
    expect(table.out).toContain("did not answer");
  }, 30_000);
});
