// compose/waitFor.ts: a task started before its database waits for it (and says so) instead of crash-looping.
import { expect, it } from "bun:test";
import { freePort } from "../support/stack.ts";

it("waits until the component's dependencies accept connections, logging what it waits for", async () => {
  const port = await freePort();
  const proc = Bun.spawn({
    cmd: [process.execPath, "compose/waitFor.ts"],
    env: {
      PATH: process.env.PATH ?? "",
      COMPONENT: "jobs",
      AMQP_URL: `amqp://127.0.0.1:${port}/workup`,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      JOBS_DATABASE_URL: `postgres://jobs:pw@127.0.0.1:${port}/jobs`,
    },
    stdout: "pipe",
  });
  await Bun.sleep(1_500);
  expect(proc.exitCode).toBeNull();
  const server = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
  try {
    expect(await proc.exited).toBe(0);
  } finally {
    server.stop(true);
  }
  const lines = (await new Response(proc.stdout).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({
    msg: "waiting for a dependency",
    dependency: "AMQP_URL",
    address: `127.0.0.1:${port}`,
    error: "ECONNREFUSED",
  });
}, 20_000);

it("waits for nothing where a component has no dependencies (media)", async () => {
  const proc = Bun.spawn({
    cmd: [process.execPath, "compose/waitFor.ts"],
    env: { PATH: process.env.PATH ?? "", COMPONENT: "media" },
  });
  expect(await proc.exited).toBe(0);
});
