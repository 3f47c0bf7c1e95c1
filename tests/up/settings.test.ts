// The launcher's settings: a bad REPLICAS value is one clear error line and a non-zero exit, before anything
// starts; good ones give the replicas asked for. The restart policy's delays, as a Swarm restart policy has them.
import { describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import { nextRestart, type RestartState } from "../../ctl/up/backoff.ts";
import { pidFileOf } from "../../ctl/up/pidFile.ts";
import { parseReplicas } from "../../ctl/up/replicas.ts";
import { newNamespace, removeNamespace, root } from "../support/stack.ts";

async function launchWith(env: Record<string, string>) {
  const ns = newNamespace();
  const proc = Bun.spawn([process.execPath, "ctl/up.ts"], {
    cwd: root,
    env: { ...process.env, WORKUP_NAMESPACE: ns, GATEWAY_PORT: "0", MEDIA_PORT: "0", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const killer = setTimeout(() => proc.kill("SIGTERM"), 20_000); // it started a stack after all: stop it
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(killer);
  const pidFileLeft = existsSync(pidFileOf(ns));
  await removeNamespace(ns);
  return { stdout, stderr, code, pidFileLeft };
}

describe("REPLICAS", () => {
  const bad: Array<[string, RegExp]> = [
    [
      "gateway=2",
      /^workup: REPLICAS: unknown service "gateway" in "gateway=2"; services are users, jobs, contracts, payments$/,
    ],
    ["jobs=0", /^workup: REPLICAS: the number of jobs replicas must be a positive integer, got "0"$/],
    ["jobs=-1", /^workup: REPLICAS: the number of jobs replicas must be a positive integer, got "-1"$/],
    ["users=2 jobs=two", /^workup: REPLICAS: the number of jobs replicas must be a positive integer, got "two"$/],
    ["jobs", /^workup: REPLICAS: "jobs" should look like jobs=3 \(service=count\)$/],
  ];
  for (const [value, message] of bad) {
    it(`refuses REPLICAS="${value}" with one error line and exit code 2, starting nothing`, async () => {
      const run = await launchWith({ REPLICAS: value });
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.pidFileLeft).toBe(false);
    }, 30_000);
  }

  it("gives every service one replica unless named, with spaces or commas between items", () => {
    expect(parseReplicas("jobs=3 users=2")).toEqual({ users: 2, jobs: 3, contracts: 1, payments: 1 });
    expect(parseReplicas("payments=2,contracts=4")).toEqual({ users: 1, jobs: 1, contracts: 4, payments: 2 });
    expect(parseReplicas(undefined)).toEqual({ users: 1, jobs: 1, contracts: 1, payments: 1 });
  });
});

describe("the restart policy", () => {
  it("waits 0.5 s after a crash, doubling per crash in a row up to 30 s, starting over after a healthy minute", () => {
    let state: RestartState = { failures: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const next = nextRestart(state, 2_000);
      delays.push(next.delayMs);
      state = next.state;
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(nextRestart(state, 59_000).delayMs).toBe(30_000);
    expect(nextRestart(state, 60_000).delayMs).toBe(500);
  });
});
