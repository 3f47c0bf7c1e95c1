// `make up REPLICAS="jobs=3"` (the real launcher, ctl/up.ts): three jobs replicas that `ctl status` lists; one
// killed with SIGKILL during continuous writes is restarted by the launcher while the stack keeps serving, without
// losing or duplicating an acknowledged write; SIGTERM stops everything, letting requests in flight finish.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import type postgres from "postgres";
import { api, registerClient } from "../support/api.ts";
import { ctl } from "../support/controller.ts";
import { root, waitFor } from "../support/stack.ts";
import { alive, freePortRange, launch, type Launcher } from "./launcher.ts";
import { audit, writeLoad } from "./writes.ts";

let up: Launcher;
let db: ReturnType<typeof postgres>;
let token: string;
let metricsBase: number;

beforeAll(async () => {
  // LOG_LEVEL info: each replica says it is ready, so its prefixed lines show.
  metricsBase = await freePortRange(6);
  up = await launch({
    env: { REPLICAS: "jobs=3", LOG_LEVEL: "info", METRICS_PORT: String(metricsBase) },
    ready: { jobs: 3 },
  });
  db = up.stack.db("jobs");
  token = (await registerClient(api(up.url))).token;
}, 120_000);
afterAll(async () => {
  await db?.end();
  await up?.stop();
}, 90_000);

const statusOf = async () =>
  (await ctl(up.stack, ["status", "jobs"])) as { replies: Array<{ instance: string; state: any }> };
/** The metrics port each "service ready" line of an instance announced, in order. */
const metricsPorts = (instance: string) =>
  up.lines
    .filter((l) => l.startsWith(`${instance} `) && l.includes('"msg":"service ready"'))
    .map((l) => JSON.parse(l.slice(l.indexOf("{"))).metricsPort as number);
const restartLines = () => up.lines.filter((l) => /^workup: \S+ restarted/.test(l));

describe('make up with REPLICAS="jobs=3"', () => {
  it("runs three jobs replicas named jobs-1..3, each answering ctl status and with its own metrics port", async () => {
    const { replies } = await statusOf();
    expect(replies.map((r) => r.instance)).toEqual(["jobs-1", "jobs-2", "jobs-3"]);
    expect(replies.map((r) => r.state.pid)).toEqual(["jobs-1", "jobs-2", "jobs-3"].map((i) => up.pidOf(i)));
    expect(up.lines.some((l) => /^jobs-2 +\| .*"instance":"jobs-2"/.test(l))).toBe(true); // its logs, prefixed
    // METRICS_PORT is the first port: users-1 has it, then jobs-1..3 in turn.
    expect(["jobs-1", "jobs-2", "jobs-3"].map(metricsPorts)).toEqual([
      [metricsBase + 1],
      [metricsBase + 2],
      [metricsBase + 3],
    ]);
    for (const port of [1, 2, 3].map((i) => metricsBase + i)) {
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    }
  }, 60_000);

  it("restarts a jobs replica SIGKILLed mid-load: no write lost or duplicated, nothing else restarted", async () => {
    const others = ["users-1", "jobs-1", "jobs-3", "contracts-1", "payments-1", "media", "gateway"].map((name) => ({
      name,
      pid: up.pidOf(name)!,
    }));
    const victim = up.pidOf("jobs-2")!;
    const load = writeLoad(up.url, token);
    await waitFor("writes to flow", () => load.outcomes.filter((o) => o.status === 201).length >= 40, 30_000, 50);

    const killedAt = performance.now();
    process.kill(victim, "SIGKILL");
    await up.waitForLine(/^workup: jobs-2 \(pid \d+\) was killed by SIGKILL/);
    await up.waitForLine(/^workup: jobs-2 restarted \(pid \d+\)/);
    await waitFor("three jobs consumers again", async () => (await up.stack.consumers("jobs")) === 3, 30_000, 20);
    const backMs = performance.now() - killedAt;
    const served = load.outcomes.length;
    await waitFor("writes to keep flowing", () => load.outcomes.length >= served + 40, 30_000, 50);
    const outcomes = await load.stop();

    const result = await audit(db, load.prefix, outcomes);
    console.log(
      `jobs-2 back (consuming) ${Math.round(backMs)} ms after SIGKILL; writes sent ${outcomes.length}, ` +
        `acknowledged ${result.acknowledged}, lost ${result.lost.length}, duplicated ${result.duplicated.length}`,
    );
    expect(outcomes.filter((o) => o.status !== 201)).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect(result.rows).toBe(result.acknowledged);
    expect(backMs).toBeLessThan(5000);
    expect(restartLines().map((l) => l.split(" ")[1])).toEqual(["jobs-2"]);
    expect(others.filter((o) => !alive(o.pid))).toEqual([]);

    const { replies } = await statusOf();
    expect(replies.map((r) => [r.instance, r.state.pid])).toEqual([
      ["jobs-1", up.pidOf("jobs-1")],
      ["jobs-2", up.pidOf("jobs-2")],
      ["jobs-3", up.pidOf("jobs-3")],
    ]);
    expect(up.pidOf("jobs-2")).not.toBe(victim);
    await waitFor("the new jobs-2 to say it is ready", () => metricsPorts("jobs-2").length === 2, 10_000, 50);
    expect(metricsPorts("jobs-2")).toEqual([metricsBase + 2, metricsBase + 2]); // back on its own metrics port
  }, 120_000);

  it("stops on make down (SIGTERM to the launcher): requests in flight finish, every process " +
    "ends, no pid file", async () => {
    const pids = up.announced();
    const load = writeLoad(up.url, token);
    await waitFor("writes to flow", () => load.outcomes.filter((o) => o.status === 201).length >= 20, 30_000, 50);
    const down = Bun.spawn([process.execPath, "ctl/up/down.ts"], {
      cwd: root,
      env: { ...process.env, WORKUP_NAMESPACE: up.ns },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await down.exited).toBe(0); // make down returns once the stack has stopped
    expect((await new Response(down.stdout).text()).trim()).toBe("stopped");
    const code = await up.proc.exited;
    const outcomes = await load.stop();

    const answered = outcomes.filter((o) => o.status !== null);
    const result = await audit(db, load.prefix, outcomes);
    console.log(
      `SIGTERM under load: ${answered.length} answered (${result.acknowledged} acknowledged, lost ` +
        `${result.lost.length}, duplicated ${result.duplicated.length}), ${outcomes.length - answered.length} refused`,
    );
    expect(code).toBe(0);
    expect(existsSync(up.pidFile)).toBe(false);
    expect(pids.filter(alive)).toEqual([]);
    expect(answered.filter((o) => o.status !== 201)).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    await up.waitForLine(/^workup: stopped$/, 10_000); // its output may still be in the pipe when it has exited
  }, 90_000);
});
