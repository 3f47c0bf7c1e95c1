// `make up`: every service, the gateway and the media server as local processes with interleaved,
// name-prefixed logs. Ctrl-C (or `make down`) stops them all gracefully.
import { existsSync, mkdirSync, writeFileSync, rmSync } from "node:fs";

const root = new URL("../", import.meta.url).pathname;
const components = [
  { name: "users", entry: "svc/users.ts" },
  { name: "jobs", entry: "svc/jobs.ts" },
  { name: "contracts", entry: "svc/contracts.ts" },
  { name: "payments", entry: "svc/payments.ts" },
  { name: "media", entry: "media/server.ts" },
  { name: "gateway", entry: "gw/server.ts" },
].filter((c) => existsSync(root + c.entry));

const colors = [31, 32, 33, 34, 35, 36, 91, 92];
const width = Math.max(...components.map((c) => c.name.length));
const pidFile = `${root}.run/up.pids`;
mkdirSync(`${root}.run`, { recursive: true });

async function pipe(stream: ReadableStream<Uint8Array>, prefix: string) {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) process.stdout.write(`${prefix} ${line}\n`);
  }
  if (buffered) process.stdout.write(`${prefix} ${buffered}\n`);
}

const procs = components.map((c, i) => {
  const proc = Bun.spawn([process.execPath, c.entry], { cwd: root, env: process.env, stdout: "pipe", stderr: "pipe" });
  const prefix = `\x1b[${colors[i % colors.length]}m${c.name.padEnd(width)} |\x1b[0m`;
  void pipe(proc.stdout, prefix);
  void pipe(proc.stderr, prefix);
  return { ...c, proc };
});
writeFileSync(pidFile, procs.map((p) => p.proc.pid).join("\n") + "\n");
console.log(`workup: started ${procs.map((p) => p.name).join(", ")}; gateway on :${process.env.GATEWAY_PORT ?? 8080} (docs at /docs). Ctrl-C stops everything.`);

let stopping = false;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const p of procs) if (p.proc.exitCode === null) p.proc.kill("SIGTERM");
  await Promise.race([Promise.all(procs.map((p) => p.proc.exited)), Bun.sleep(10_000)]);
  for (const p of procs) if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
  rmSync(pidFile, { force: true });
  process.exit(code);
};
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
for (const p of procs) {
  void p.proc.exited.then((code) => {
    if (stopping) return;
    console.error(`workup: ${p.name} exited with code ${code}; stopping the others`);
    void stopAll(code || 1);
  });
}
