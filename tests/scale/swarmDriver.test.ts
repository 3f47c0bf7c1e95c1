import { afterEach, describe, expect, it } from "bun:test";
import { swarmDriver } from "../../scale/drivers/swarm.ts";
import { autoscaler } from "../../scale/loop.ts";
import type { Log } from "../../scale/log.ts";
import type { QueueStats } from "../../scale/signals/rabbit.ts";
import { startFakeEngine, swarmService } from "./fixtures/fakeDockerEngine.ts";

const optIn = (min: string, max: string) => ({
  "swarm.autoscaler": "true",
  "swarm.autoscaler.minimum": min,
  "swarm.autoscaler.maximum": max,
});
const policy = { tolerance: 0.1, upMaxStep: 4, upMaxFactor: 2, upPeriodMs: 60_000, downWindowMs: 300_000 };
const targets = { backlog: 20, rate: 0, cpu: 0 };

function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const log: Log = (level, msg, fields = {}) => lines.push({ level, msg, ...fields });
  return { lines, log };
}

let engine: ReturnType<typeof startFakeEngine> | null = null;
afterEach(() => {
  engine?.stop();
  engine = null;
});

function seed() {
  engine = startFakeEngine([
    swarmService("s-jobs", "workup_jobs", optIn("1", "3"), 1),
    swarmService("s-users", "workup_users", { ...optIn("2", "4"), "workup.queue": "queue_users" }, 2),
    swarmService("s-gw", "workup_gateway", { ...optIn("1", "4"), "workup.queue": "" }, 1),
    swarmService("s-redis", "workup_redis", {}, 1),
    swarmService("s-cadvisor", "workup_cadvisor", { "swarm.autoscaler": "true" }, null),
    swarmService("s-bad", "workup_payments", optIn("3", "1"), 1),
  ]);
  return engine;
}

describe("swarm driver against a stand-in Engine API on a unix socket", () => {
  it("lists only services labelled swarm.autoscaler=true, with bounds and queues from labels", async () => {
    const fake = seed();
    const { lines, log } = captureLog();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log });
    const listed = await driver.list();

    const listCall = fake.requests.find((r) => r.path === "/services")!;
    expect(JSON.parse(listCall.query.get("filters")!)).toEqual({ label: ["swarm.autoscaler=true"] });
    expect(listed).toEqual([
      {
        id: "s-jobs",
        name: "workup_jobs",
        queue: "queue_jobs",
        swarmService: "workup_jobs",
        replicas: 1,
        min: 1,
        max: 3,
      },
      {
        id: "s-users",
        name: "workup_users",
        queue: "queue_users",
        swarmService: "workup_users",
        replicas: 2,
        min: 2,
        max: 4,
      },
      { id: "s-gw", name: "workup_gateway", queue: null, swarmService: "workup_gateway", replicas: 1, min: 1, max: 4 },
    ]);
    expect(lines.map((l) => [l.msg, l.service])).toEqual([
      ["skipping service: not an opted-in replicated service", "workup_cadvisor"],
      ["skipping service: bad autoscaler labels", "workup_payments"],
    ]);
  });

  it("updates replicas with the current Version.Index and the full spec", async () => {
    const fake = seed();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log: () => {} });
    const [jobs] = await driver.list();
    const before = structuredClone(fake.services.get("s-jobs")!.Spec);

    await driver.scale(jobs, 3);

    const update = fake.requests.find((r) => r.method === "POST")!;
    expect(update.path).toBe("/services/s-jobs/update");
    expect(update.query.get("version")).toBe("10");
    expect(update.body).toEqual({ ...before, Mode: { Replicated: { Replicas: 3 } } });
    expect(fake.services.get("s-jobs")!.Version.Index).toBe(11);
  });

  it("re-reads the version right before updating, so a concurrent change does not make it fail", async () => {
    const fake = seed();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log: () => {} });
    const [jobs] = await driver.list();
    fake.touch("s-jobs");

    await driver.scale(jobs, 2);
    expect(fake.requests.find((r) => r.method === "POST")!.query.get("version")).toBe("17");
    expect(fake.services.get("s-jobs")!.Spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
  });

  it("surfaces the engine's error message when the service has gone", async () => {
    const fake = seed();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log: () => {} });
    const [jobs] = await driver.list();
    fake.services.delete("s-jobs");
    await expect(driver.scale(jobs, 2)).rejects.toThrow(/404 service s-jobs not found/);
  });
});

describe("control loop over the swarm driver", () => {
  const stats = (ready: number): QueueStats => ({ ready, unacked: 0, consumers: 1, publishRate: 1, deliverRate: 1 });
  const queues = { queue: async (_vhost: string, name: string) => (name === "queue_jobs" ? stats(55) : stats(0)) };

  it("in dry-run logs decisions with their inputs and never updates a service", async () => {
    const fake = seed();
    const { lines, log } = captureLog();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log: () => {} });
    const scaler = autoscaler({
      driver,
      sources: { vhost: "workup", queues, cpu: null, targets },
      policy,
      log,
      dryRun: true,
      clock: () => 1_000,
    });

    const decisions = await scaler.cycle();
    expect(decisions.map((d) => [d.service, d.action, d.desired])).toEqual([
      ["workup_jobs", "up", 3],
      ["workup_users", "none", 2],
      ["workup_gateway", "none", 1],
    ]);
    expect(fake.requests.some((r) => r.method === "POST")).toBe(false);
    const jobsLine = lines.find((l) => l.msg === "decision" && l.target === "workup_jobs")!;
    expect(jobsLine).toMatchObject({
      dryRun: true,
      applied: false,
      current: 1,
      desired: 3,
      queue: "queue_jobs",
      observed: { queue: stats(55) },
    });
  });

  it(
    "does not count a scale-up that did not happen (dry run, refused update) against the next " + "one's limit",
    async () => {
      const svc = {
        id: "s-jobs",
        name: "workup_jobs",
        queue: "queue_jobs",
        swarmService: null,
        replicas: 1,
        min: 1,
        max: 50,
      };
      const refusing = {
        kind: "fake",
        list: async () => [svc],
        scale: async () => {
          throw new Error("update refused");
        },
        close: async () => {},
      };
      const deep = { queue: async () => stats(400) }; // ceil(1 x 400 / 20) = 20, limited to 1 + max(4, x2) = 5
      for (const dryRun of [true, false]) {
        let now = 1_000;
        const scaler = autoscaler({
          driver: refusing,
          sources: { vhost: "workup", queues: deep, cpu: null, targets },
          policy,
          log: () => {},
          dryRun,
          clock: () => (now += 1_000),
        });
        const desired: number[] = [];
        for (let i = 0; i < 3; i++) desired.push((await scaler.cycle())[0].desired);
        expect({ dryRun, desired }).toEqual({ dryRun, desired: [5, 5, 5] });
      }
    },
  );

  it("applies an up decision through the engine and logs it as applied", async () => {
    const fake = seed();
    const { lines, log } = captureLog();
    const driver = swarmDriver({ socketPath: fake.socketPath, defaults: { min: 1, max: 4 }, log: () => {} });
    const scaler = autoscaler({
      driver,
      sources: { vhost: "workup", queues, cpu: null, targets },
      policy,
      log,
      dryRun: false,
      clock: () => 1_000,
    });

    await scaler.cycle();
    expect(fake.services.get("s-jobs")!.Spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(fake.requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual(["/services/s-jobs/update"]);
    expect(lines.find((l) => l.target === "workup_jobs")).toMatchObject({ applied: true, action: "up" });
  });
});
