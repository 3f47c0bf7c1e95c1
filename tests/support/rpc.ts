// An RPC client into a test stack's vhost, calling services as another service does (origin "service" by
// default): for internal commands no gateway route reaches. `origin: "gateway"` imitates a gateway request.
import { createBroker } from "../../svc/runtime/amqp.ts";
import { createRpcClient, type RpcClient } from "../../svc/runtime/rpc.ts";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { infrastructure } from "../../svc/runtime/config.ts";
import type { Origin } from "../../svc/runtime/envelope.ts";
import { createMemoryBroker } from "../../svc/runtime/memoryBroker.ts";
import { memoryServers } from "./inProcessStack.ts";

export interface TestRpc extends Pick<RpcClient, "call" | "request"> {
  close(): Promise<void>;
}

export async function rpcClient(ns: string, opts: { origin?: Origin; timeoutMs?: number } = {}): Promise<TestRpc> {
  const log = createLogger({ service: "test-rpc" }, { level: "warn" });
  const memory = memoryServers.get(ns); // an in-process stack's broker
  const broker = memory
    ? createMemoryBroker(memory)
    : createBroker(amqpUrlFor(infrastructure().amqpUrl, ns), log, `test-rpc-${ns}`);
  const rpc = createRpcClient(broker, log, { timeoutMs: opts.timeoutMs ?? 10_000, origin: opts.origin ?? "service" });
  await broker.ready();
  while (!rpc.ready) await Bun.sleep(5);
  return { call: rpc.call, request: rpc.request, close: () => broker.close() };
}
