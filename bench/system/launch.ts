// Starts a process and waits for the line on its stdout that says it is ready; the time from spawn to
// that line is its cold start. Output after that line is read and dropped so the pipe never fills.
import { root } from "../../tests/support/stack.ts";

export interface Launched {
  proc: ReturnType<typeof Bun.spawn>;
  line: string;
  readyMs: number;
  stop(): Promise<void>;
}

export async function launch(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<Launched> {
  const t0 = performance.now();
  const proc = Bun.spawn([process.execPath, entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = new Response(proc.stderr).text();
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done)
        throw new Error(`${name} exited (${await proc.exited}) before it was ready: ${(await stderr).slice(-1500)}`);
      buffer += decoder.decode(value, { stream: true });
      const line = buffer.split("\n").find((l) => ready.test(l));
      if (line) {
        const readyMs = performance.now() - t0;
        void (async () => {
          while (!(await reader.read()).done);
        })().catch(() => {});
        return {
          proc,
          line,
          readyMs,
          async stop() {
            if (proc.exitCode === null) proc.kill("SIGTERM");
            await Promise.race([proc.exited, Bun.sleep(5000)]);
            if (proc.exitCode === null) proc.kill("SIGKILL");
          },
        };
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
