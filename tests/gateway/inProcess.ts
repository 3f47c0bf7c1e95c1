// The gateway app in this test process (app.handle), talking to the real broker in a namespace of its own.
import { createGateway } from "../../gw/app.ts";
import { gatewayMetrics } from "../../gw/metrics.ts";
import { createBroker } from "../../svc/runtime/amqp.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { createRpcClient } from "../../svc/runtime/rpc.ts";
import { amqpUrlFor, ensureVhost } from "../../svc/runtime/vhost.ts";
import { newNamespace, removeNamespace, testJwtSecret } from "../support/stack.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

export async function inProcessGateway(opts: { replyTimeoutMs?: number; maxBodyBytes?: number } = {}) {
  const ns = newNamespace();
  await ensureVhost(infrastructure().mgmtUrl, ns);
  const log = createLogger({ service: "gateway-test" }, { level: "fatal" });
  const broker = createBroker(amqpUrlFor(infrastructure().amqpUrl, ns), log, "gateway-test");
  await broker.ready();
  const metrics = gatewayMetrics();
  const rpc = createRpcClient(
    broker,
    log,
    { timeoutMs: opts.replyTimeoutMs ?? 10_000, origin: "gateway" },
    metrics.timeout,
  );
  while (!rpc.ready) await Bun.sleep(10);
  const app = createGateway({
    config: {
      jwtSecret: testJwtSecret,
      tokenTtl: "30m",
      replyTimeoutMs: opts.replyTimeoutMs ?? 10_000,
      maxBodyBytes: opts.maxBodyBytes ?? 1_048_576,
    },
    rpc,
    log,
    metrics,
  });
  await app.modules;
  const request = async (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await app.handle(new Request(`http://localhost${path}`, { method, headers, body }));
    const text = await res.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* text */
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    ns,
    app,
    rpc,
    metrics,
    request,
    close: async () => {
      await broker.close();
      await removeNamespace(ns);
    },
  };
}
