// `make up`'s launcher killed with SIGKILL (it cannot pass that on): every process it started notices it has
// lost its launcher and stops itself gracefully, so nothing is left running and holding the ports.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { waitFor } from "../support/stack.ts";
import { alive, launch, type Launcher } from "./launcher.ts";

let up: Launcher;

beforeAll(async () => {
  up = await launch();
}, 120_000);
afterAll(async () => {
  await up?.stop();
}, 90_000);

describe("make up's launcher killed with SIGKILL", () => {
  it("leaves no process behind: each child stops itself and the gateway port is free again", async () => {
    const children = ["users-1", "jobs-1", "contracts-1", "payments-1", "media", "gateway"].map((n) => up.pidOf(n)!);
    expect(children.filter((pid) => !alive(pid))).toEqual([]);
    up.proc.kill("SIGKILL");
    await up.proc.exited;
    await waitFor(
      "every child of the killed launcher to exit",
      async () => children.every((pid) => !alive(pid)),
      30_000,
    );
    const port = Number(new URL(up.url).port);
    const server = Bun.serve({ port, hostname: "0.0.0.0", fetch: () => new Response() }); // throws if still held
    server.stop(true);
  }, 60_000);
});
