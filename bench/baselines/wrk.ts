// Baseline 1 again with wrk (C, one thread), the faster generator, when Debian's wrk is installed.
// The bench installs it itself only when it is missing and it runs as root; otherwise it says why it skips.
import type { RunResult } from "../load/spec.ts";

export async function findWrk(): Promise<{ path: string } | { skip: string }> {
  const found = Bun.which("wrk");
  if (found) return { path: found };
  if (process.getuid?.() !== 0)
    return { skip: "wrk is not installed and the bench is not root (apt-get install -y wrk to add it)" };
  if (!Bun.which("apt-get")) return { skip: "wrk is not installed and there is no apt-get" };
  const install = () =>
    Bun.spawnSync(["apt-get", "install", "-y", "-q", "wrk"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      stdout: "ignore",
      stderr: "pipe",
    });
  let res = install();
  if (res.exitCode !== 0) {
    Bun.spawnSync(["apt-get", "update", "-q"], { stdout: "ignore", stderr: "ignore" });
    res = install();
  }
  const path = Bun.which("wrk");
  return path ? { path } : { skip: `apt-get install wrk failed: ${res.stderr.toString().trim().split("\n").pop()}` };
}

const ms = (text: string | undefined) => {
  const m = text?.match(/([\d.]+)(us|ms|s)/);
  if (!m) return 0;
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
};

export async function runWrk(wrk: string, url: string, connections: number, durationS: number): Promise<RunResult> {
  const proc = Bun.spawn([wrk, "-t1", `-c${connections}`, `-d${durationS}s`, "--latency", url], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`wrk failed: ${await new Response(proc.stderr).text()}`);
  const pick = (re: RegExp) => out.match(re)?.[1];
  const requests = Number(pick(/(\d+) requests in/) ?? 0);
  const socket = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const timeouts = socket ? Number(socket[4]) : 0;
  const non2xx = Number(pick(/Non-2xx or 3xx responses: (\d+)/) ?? 0);
  return {
    reqPerSec: Number(pick(/Requests\/sec:\s+([\d.]+)/) ?? 0),
    p50: ms(pick(/50%\s+(\S+)/)),
    p90: ms(pick(/90%\s+(\S+)/)),
    p99: ms(pick(/99%\s+(\S+)/)),
    max: ms(pick(/Latency(?:\s+\S+){2}\s+(\S+)/)),
    requests,
    errors: socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
    timeouts,
    non2xx,
    statusCodes: {},
    durationS,
  };
}
