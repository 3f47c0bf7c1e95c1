// The local driver with its default entry, svc/{service}.ts: real jobs replicas join a running stack, serve its
// requests, and leave on scale-down by finishing what they hold, so no request fails while replicas come and go.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { localDriver, type LocalDriver } from "../../scale/drivers/local.ts";
import type { Log } from "../../scale/log.ts";
import { waitFor } from "../support/stack.ts";
import { registerClient, type Account } from "../support/api.ts";
import { job } from "../support/marketplace.ts";
import type { Line } from "./fixtures/lines.ts";

const { stack, api: a } = useStack({ services: ["users", "jobs"] });
let client: Account;
let driver: LocalDriver;
const lines: Line[] = [];
const log: Log = (level, msg, fields = {}) => lines.push({ level, msg, ...fields });

beforeAll(async () => {
  client = await registerClient(a);
  driver = localDriver({
    services: [{ name: "jobs", min: 0, max: 3 }],
    entry: "svc/{service}.ts",
    stopGraceMs: 20_000,
    log,
    env: { ...process.env, ...stack.env },
    output: "ignore",
  });
}, 120_000);
afterAll(async () => {
  await Promise.race([driver?.close(), Bun.sleep(25_000)]);
  for (const pid of driver?.pids() ?? []) process.kill(pid, "SIGKILL");
}, 60_000);

describe("the local driver with real service replicas", () => {
  it("adds jobs replicas that consume beside the stack's, and removes them without failing a request", async () => {
    const [svc] = await driver.list();
    expect(svc).toMatchObject({ id: "jobs", queue: "queue_jobs", replicas: 0 });
    await driver.scale(svc, 2);
    await waitFor(
      "the stack's replica and two more to consume",
      async () => (await stack.consumers("jobs")) === 3,
      30_000,
      200,
    );

    let stop = false;
    const statuses: number[] = [];
    const load = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (!stop)
          statuses.push(
            (await a.post("/api/v1/jobs", job({ title: `scaled ${crypto.randomUUID()}` }), client.token)).status,
          );
      }),
    );
    await waitFor("requests to flow", () => statuses.length > 30, 20_000, 50);
    await driver.scale((await driver.list())[0], 0);
    await waitFor(
      "both added replicas to exit",
      () => lines.filter((l) => l.msg === "replica stopped").length === 2,
      30_000,
      100,
    );
    const served = statuses.length;
    await waitFor("requests to keep flowing on the stack's replica", () => statuses.length > served + 30, 20_000, 50);
    stop = true;
    await load;

    expect(lines.filter((l) => l.msg === "replica stopped").map((l) => l.exitCode)).toEqual([0, 0]);
    expect(lines.filter((l) => l.msg === "replica exited unexpectedly")).toEqual([]);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(await stack.consumers("jobs")).toBe(1);
  }, 120_000);
});
