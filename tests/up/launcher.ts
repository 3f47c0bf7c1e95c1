// Runs the real `make up` launcher (bun ctl/up.ts) in a namespace of its own, on free ports, as a developer
// would run it; reads its output; stop() ends it with SIGTERM, kills whatever it left and removes the namespace.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { pidFileOf } from "../../ctl/up/pidFile.ts";
import { freePort, newNamespace, root, Stack, testJwtSecret, waitFor, type ServiceName } from "../support/stack.ts";

export interface Launcher {
  ns: string;
  url: string;
  /** The namespace's consumers, databases and clean-up (the launcher's processes are not in stack.procs). */
  stack: Stack;
  proc: ReturnType<typeof Bun.spawn>;
  /** Everything it printed so far, one entry a line, colour codes removed. */
  lines: string[];
  pidFile: string;
  /** The pid it announced for an instance ("jobs-2 started (pid N)", or restarted), latest first. */
  pidOf(instance: string): number | null;
  /** Every pid it ever announced. */
  announced(): number[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  env?: Record<string, string>;
  /** Consumers per service to wait for before the launcher counts as up (default one each). */
  ready?: Partial<Record<ServiceName, number>>;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first of `count` consecutive free ports, below the ephemeral range other tests' free ports come from. */
export async function freePortRange(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const servers: Array<ReturnType<typeof Bun.serve>> = [];
    try {
      for (let i = 0; i < count; i++) {
        servers.push(Bun.serve({ port: base + i, hostname: "0.0.0.0", fetch: () => new Response() }));
      }
      return base;
    } catch {
      // one of them is taken: try another range
    } finally {
      for (const s of servers) s.stop(true);
    }
  }
}

export async function launch(opts: LaunchOptions = {}): Promise<Launcher> {
  const ns = newNamespace();
  const [gatewayPort, mediaPort] = [await freePort(), await freePort()];
  const mediaDir = `/tmp/workup-tests/${ns}/media`;
  mkdirSync(mediaDir, { recursive: true });
  const env = {
    WORKUP_NAMESPACE: ns,
    WORKUP_ENV: "development",
    GATEWAY_PORT: String(gatewayPort),
    MEDIA_PORT: String(mediaPort),
    MEDIA_DIR: mediaDir,
    METRICS_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    JWT_SECRET: testJwtSecret,
    ...opts.env,
  };
  const stack = new Stack(ns, env);
  const proc = Bun.spawn([process.execPath, "ctl/up.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  const read = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of stream) {
      buffered += decoder.decode(chunk, { stream: true });
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removes the launcher's ANSI colour codes (ESC [ ... m)
      lines.push(...parts.map((l) => l.replace(/\x1b\[[0-9;]*m/g, "")));
    }
  };
  void read(proc.stdout);
  void read(proc.stderr);

  const pids = () =>
    lines.flatMap((l) => {
      const m = /^workup: (\S+) (?:re)?started \(pid (\d+)\)/.exec(l);
      return m ? [{ instance: m[1], pid: Number(m[2]) }] : [];
    });
  const url = `http://127.0.0.1:${gatewayPort}`;
  const launcher: Launcher = {
    ns,
    url,
    stack,
    proc,
    lines,
    pidFile: pidFileOf(ns),
    pidOf: (instance) =>
      pids()
        .filter((p) => p.instance === instance)
        .at(-1)?.pid ?? null,
    announced: () => pids().map((p) => p.pid),
    async waitForLine(pattern, timeoutMs = 30_000) {
      let found = "";
      const seen = () => Boolean((found = lines.find((l) => pattern.test(l)) ?? ""));
      await waitFor(`a launcher line matching ${pattern}`, seen, timeoutMs, 50);
      return found;
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await Promise.race([proc.exited, Bun.sleep(40_000)]);
        if (proc.exitCode === null) proc.kill("SIGKILL");
      }
      for (const pid of launcher.announced()) if (alive(pid)) process.kill(pid, "SIGKILL");
      rmSync(launcher.pidFile, { force: true });
      await stack.stop();
      rmSync(`/tmp/workup-tests/${ns}`, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      "the gateway to answer",
      async () => {
        if (proc.exitCode !== null) throw new Error(`the launcher exited with ${proc.exitCode}:\n${lines.join("\n")}`);
        return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok;
      },
      60_000,
      200,
    );
    const ready = { users: 1, jobs: 1, contracts: 1, payments: 1, ...opts.ready };
    for (const [service, n] of Object.entries(ready)) {
      const count = async () => (await stack.consumers(service as ServiceName)) === n;
      await waitFor(`${n} ${service} consumers`, count, 60_000, 200);
    }
  } catch (err) {
    await launcher.stop();
    throw new Error(`${(err as Error).message}; the launcher's last lines:\n${lines.slice(-40).join("\n")}`);
  }
  if (!existsSync(launcher.pidFile)) throw new Error(`the launcher wrote no ${launcher.pidFile}`);
  return launcher;
}
