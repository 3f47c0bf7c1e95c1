// A page as a person sees it: headless Chromium (Debian package `chromium`) driven over the DevTools protocol. It
// records every request the page makes and what the console and the security log said, and takes screenshots.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const chromiumPath = () => Bun.which("chromium") ?? Bun.which("chromium-browser");

export interface PageVisit {
  /** Every URL the page requested (documents, scripts, styles, images, fetches). */
  requests: string[];
  /** Console messages and log entries (CSP violations appear here). */
  messages: string[];
  /** Evaluates an expression in the page and answers its value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Waits until the expression is truthy in the page (polling), or throws naming it. */
  waitUntil(expression: string, timeoutMs?: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function visit(url: string, timeoutMs = 30_000): Promise<PageVisit> {
  const binary = chromiumPath();
  if (!binary) throw new Error("chromium is not installed (apt-get install chromium)");
  const profile = mkdtempSync(join(tmpdir(), "workup-chromium-"));
  const proc = Bun.spawn(
    [
      binary,
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "--window-size=1280,1000",
      "about:blank",
    ],
    { stdout: "ignore", stderr: "ignore" },
  );
  const portFile = join(profile, "DevToolsActivePort");
  const started = Date.now();
  // The file appears before it is complete: wait for both lines (port, then the browser's socket path).
  let lines: string[] = [];
  while (lines.length < 2) {
    if (Date.now() - started > timeoutMs) throw new Error("chromium did not open its DevTools port");
    await Bun.sleep(50);
    if (existsSync(portFile)) lines = readFileSync(portFile, "utf8").trim().split("\n").filter(Boolean);
  }
  const [port, path] = lines;
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });

  let nextId = 0;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  const listeners: Array<(method: string, params: any) => void> = [];
  socket.onmessage = (event) => {
    const msg = JSON.parse(String(event.data));
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message));
      else p?.resolve(msg.result);
    } else for (const l of listeners) l(msg.method, msg.params);
  };
  let sessionId: string | undefined;
  const send = (method: string, params: object = {}): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  const requests: string[] = [];
  const messages: string[] = [];
  let loaded = false;
  listeners.push((method, params) => {
    if (method === "Network.requestWillBeSent") requests.push(params.request.url);
    if (method === "Runtime.consoleAPICalled")
      messages.push(`console.${params.type}: ${params.args.map((a: any) => a.value ?? a.description).join(" ")}`);
    if (method === "Log.entryAdded")
      messages.push(`${params.entry.source} ${params.entry.level}: ${params.entry.text}`);
    if (method === "Page.loadEventFired") loaded = true;
  });

  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  sessionId = (await send("Target.attachToTarget", { targetId, flatten: true })).sessionId;
  for (const domain of ["Network", "Page", "Runtime", "Log"]) await send(`${domain}.enable`);
  await send("Page.navigate", { url });

  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  const waitUntil = async (expression: string, ms = timeoutMs) => {
    const until = Date.now() + ms;
    while (!(loaded && (await evaluate(`Boolean(${expression})`).catch(() => false)))) {
      if (Date.now() > until) throw new Error(`the page never satisfied: ${expression}`);
      await Bun.sleep(100);
    }
  };
  return {
    requests,
    messages,
    evaluate,
    waitUntil,
    async screenshot(file) {
      const { data } = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: false });
      await Bun.write(file, Buffer.from(data, "base64"));
    },
    async close() {
      socket.close();
      proc.kill();
      await proc.exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
