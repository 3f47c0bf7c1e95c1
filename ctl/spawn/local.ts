// spawnMachine --driver local: a complete second copy of the backend on this machine (the gateway on another
// port and every service), as detached processes with the current environment, so they join the same broker
// namespace, databases and cache. They keep running after the CLI exits; their pids go to .run/machine-<name>.pids.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { controlledServices } from "../config.ts";

export interface LocalMachine {
  name: string;
  url: string;
  logDir: string;
  pidFile: string;
  processes: Array<{ component: string; pid: number; log: string }>;
}

const root = new URL("../../", import.meta.url).pathname;

export async function spawnLocalMachine(opts: {
  name: string;
  port: number;
  services?: string[];
  logDir?: string;
  readyTimeoutMs?: number;
}): Promise<LocalMachine> {
  const wanted = opts.services ?? [...controlledServices];
  const components = [
    ...wanted.filter((s) => existsSync(`${root}svc/${s}.ts`)).map((s) => ({ component: s, entry: `svc/${s}.ts` })),
    { component: "gateway", entry: "gw/server.ts" },
  ];
  const logDir = opts.logDir ?? `${root}.run/machine-${opts.name}`;
  mkdirSync(logDir, { recursive: true });
  const processes = components.map(({ component, entry }) => {
    const log = `${logDir}/${component}.log`;
    const fd = openSync(log, "a");
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      detached: true,
      stdio: ["ignore", fd, fd],
      // Its own instance names and metrics ports, so it never collides with the first copy.
      env: {
        ...process.env,
        GATEWAY_PORT: String(opts.port),
        METRICS_PORT: "0",
        WORKUP_INSTANCE: `${component}-${opts.name}`,
      },
    });
    child.unref();
    return { component, pid: child.pid ?? -1, log };
  });
  const pidFile = `${logDir}/pids`;
  writeFileSync(pidFile, processes.map((p) => p.pid).join("\n") + "\n");
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitReady(url, processes, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    for (const p of processes) if (alive(p.pid)) process.kill(p.pid, "SIGTERM"); // no half-started copy left behind
    throw err;
  }
  return { name: opts.name, url, logDir, pidFile, processes };
}

async function waitReady(url: string, processes: LocalMachine["processes"], timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const dead = processes.find((p) => !alive(p.pid));
    if (dead) throw new Error(`${dead.component} exited at start; see ${dead.log}`);
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await Bun.sleep(200);
  }
  throw new Error(`the gateway at ${url} was not ready within ${timeoutMs} ms; see the logs`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
