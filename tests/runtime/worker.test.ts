// The worker on the in-memory broker: replies, skips requests whose caller gave up, retries an unexpected failure a
// bounded number of times and then dead-letters it, and stops taking messages while frozen.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Worker } from "../../svc/runtime/worker.ts";
import { createMemoryBroker, MemoryServer } from "../../svc/runtime/memoryBroker.ts";
import { createRpcClient } from "../../svc/runtime/rpc.ts";
import type { CommandModule } from "../../svc/runtime/command.ts";
import { commandMapOf, dispatchDeps, freshRuntimeDatabase, quiet } from "./harness.ts";

let db: Awaited<ReturnType<typeof freshRuntimeDatabase>>;
let deps: ReturnType<typeof dispatchDeps>;
let worker: Worker;
const server = new MemoryServer();
const broker = createMemoryBroker(server);
const caller = createRpcClient(createMemoryBroker(server), quiet, { timeoutMs: 2000, origin: "service" });
let attempts = 0;
const outcomes: string[] = [];

const modules: CommandModule[] = [
  { name: "hello", run: async () => "hello" },
  {
    name: "slow",
    run: async () => {
      await Bun.sleep(150);
      return "slow";
    },
  },
  {
    name: "flaky",
    run: async () => {
      attempts++;
      throw new Error("always");
    },
  },
];

beforeAll(async () => {
  db = await freshRuntimeDatabase();
  deps = dispatchDeps(db.sql, commandMapOf(modules), server);
  worker = new Worker(broker, deps, quiet, {
    concurrency: 2,
    maxAttempts: 3,
    observe: (command, outcome) => outcomes.push(`${command}:${outcome}`),
  });
  worker.start();
  while (!caller.ready) await Bun.sleep(5);
});
afterAll(async () => {
  await worker?.stop();
  await deps?.close();
  await db?.drop();
});

describe("worker", () => {
  it("answers each request on the caller's reply queue", async () => {
    expect(await caller.request("unit", "hello", {})).toEqual({ ok: true, body: "hello" });
  });

  it("does not run a request whose deadline has passed", async () => {
    await worker.freeze(); // the request waits in the queue past its deadline
    const before = outcomes.length;
    const reply = await caller.request("unit", "hello", {}, { timeoutMs: 30 });
    expect(reply).toMatchObject({ ok: false, error: { code: "timeout" } });
    await Bun.sleep(20); // clearly past the deadline (a timer may fire a little early against Date.now())
    await worker.resume();
    for (let waited = 0; outcomes.length === before && waited < 5000; waited += 10) await Bun.sleep(10);
    expect(outcomes.slice(before)).toEqual(["hello:timeout"]);
  });

  it("retries an unexpected failure maxAttempts times, then dead-letters it and says so", async () => {
    const reply = await caller.request("unit", "flaky", {});
    expect(reply).toMatchObject({
      ok: false,
      error: { code: "internal", message: expect.stringContaining("set aside") },
    });
    expect(attempts).toBe(3);
    expect(server.queues.get("dlq_unit")?.messages.length).toBe(1);
  });

  it("takes no message while frozen, finishes what it had, and carries on after resume", async () => {
    const running = caller.request("unit", "slow", {});
    while (worker.inFlight === 0) await Bun.sleep(5); // it has started
    await worker.freeze();
    expect(await running).toEqual({ ok: true, body: "slow" }); // finished before freeze returned
    const waiting = caller.request("unit", "hello", {}, { timeoutMs: 1000 });
    await Bun.sleep(100);
    expect(worker.inFlight).toBe(0);
    await worker.resume();
    expect(await waiting).toEqual({ ok: true, body: "hello" });
  });
});
