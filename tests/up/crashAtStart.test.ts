// `make up` with one service misconfigured (payments given a database URL where nothing listens): that replica
// crashes at every start and is reported as a crash loop with its exit code and last lines, backing off, while
// the rest of the stack starts and serves; nothing else is restarted.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { api, registerClient } from "../support/api.ts";
import { job } from "../support/marketplace.ts";
import { alive, launch, type Launcher } from "./launcher.ts";

let up: Launcher;

beforeAll(async () => {
  up = await launch({
    env: { PAYMENTS_DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" },
    ready: { payments: 0 },
  });
}, 120_000);
afterAll(async () => {
  await up?.stop();
}, 90_000);

describe("make up with a replica that crashes at start", () => {
  it("reports a crash loop with exit code, cause and last lines, backs off, and the others keep serving", async () => {
    await up.waitForLine(/^workup: payments-1 \(pid \d+\) exited with code 1 .*crash loop: 3 exits in a row/, 60_000);
    const crash = new RegExp(
      String.raw`^workup: payments-1 \(pid \d+\) exited with code 1 after [\d.]+ s: ` +
        "error: connect ECONNREFUSED 127.0.0.1:1;",
    );
    const reports = up.lines.filter((l) => crash.test(l));
    console.log(reports.join("\n"));
    expect(reports.map((l) => /restarting in ([\d.]+) s/.exec(l)?.[1])).toEqual(["0.5", "1", "2"]);
    const lastLines = up.lines.indexOf("workup: payments-1's last lines:");
    expect(up.lines.slice(lastLines + 1, lastLines + 9).some((l) => l.includes("at ensureDatabase"))).toBe(true);

    const a = api(up.url);
    const client = await registerClient(a);
    const title = `served beside a crash loop ${crypto.randomUUID()}`;
    const created = await a.post("/api/v1/jobs", job({ title }), client.token);
    expect(created.status).toBe(201);
    expect(up.proc.exitCode).toBeNull();
    const restarted = up.lines.filter((l) => /^workup: \S+ restarted/.test(l)).map((l) => l.split(" ")[1]);
    expect([...new Set(restarted)]).toEqual(["payments-1"]);
    const others = ["users-1", "jobs-1", "contracts-1", "media", "gateway"].map((name) => up.pidOf(name)!);
    expect(others.filter((pid) => !alive(pid))).toEqual([]);
  }, 90_000);
});
