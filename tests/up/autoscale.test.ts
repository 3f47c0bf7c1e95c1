// `make up AUTOSCALE=1`: the autoscaler's local driver runs inside the launcher and scales a service through the
// launcher's supervisor, so a replica it added is restarted after a crash like any other. The bounds come from
// SCALE_LOCAL_SERVICES (jobs at least 2): the first cycle brings jobs from REPLICAS' one to two.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { ctl } from "../support/controller.ts";
import { waitFor } from "../support/stack.ts";
import { launch, type Launcher } from "./launcher.ts";

let up: Launcher;

beforeAll(async () => {
  up = await launch({
    env: { AUTOSCALE: "1", SCALE_LOCAL_SERVICES: "jobs:2:2", SCALE_INTERVAL_MS: "500" },
    ready: { jobs: 2 },
  });
}, 120_000);
afterAll(async () => {
  await up?.stop();
}, 90_000);

describe("make up AUTOSCALE=1", () => {
  it("adds the replica the autoscaler decides as jobs-2, which the supervisor restarts after SIGKILL", async () => {
    const decision = up.lines.find((l) => /^autoscaler +\| .*"msg":"decision"/.test(l) && l.includes('"action":"up"'));
    expect(JSON.parse(decision!.slice(decision!.indexOf("{")))).toMatchObject({
      target: "jobs",
      current: 1,
      desired: 2,
    });
    const added = up.pidOf("jobs-2")!;
    process.kill(added, "SIGKILL");
    await up.waitForLine(/^workup: jobs-2 restarted \(pid \d+\)/);
    await waitFor("two jobs consumers again", async () => (await up.stack.consumers("jobs")) === 2, 30_000, 100);
    const { replies } = (await ctl(up.stack, ["status", "jobs"])) as {
      replies: Array<{ instance: string; state: any }>;
    };
    expect(replies.map((r) => [r.instance, r.state.pid])).toEqual([
      ["jobs-1", up.pidOf("jobs-1")],
      ["jobs-2", up.pidOf("jobs-2")],
    ]);
    expect(up.pidOf("jobs-2")).not.toBe(added);
  }, 90_000);
});
