// Gateway entry: connects to the broker and serves the API on GATEWAY_PORT.
import { gatewayConfig } from "./config.ts";
import { createGateway } from "./app.ts";
import { gatewayMetrics } from "./metrics.ts";
import { createLogger } from "../svc/runtime/log.ts";
import { createBroker, type Broker } from "../svc/runtime/amqp.ts";
import { createRpcClient } from "../svc/runtime/rpc.ts";
import { serveMetrics } from "../svc/runtime/metrics.ts";
import { amqpUrlFor, ensureVhost } from "../svc/runtime/vhost.ts";
import { createLoginThrottle } from "./loginThrottle.ts";
import { usersAccountCheck } from "./accountCheck.ts";
import { followAccountChanges } from "./accountChanges.ts";
import { EdgeCache, edgeCacheMetrics } from "./edgeCache.ts";
import { followInvalidations } from "./edgeInvalidations.ts";
import { stopWithParent } from "../svc/runtime/parentWatch.ts";
import { holdMemoryTarget } from "../svc/runtime/memoryTarget.ts";

/** `broker`: the transport (default: RabbitMQ at AMQP_URL, vhost = namespace); in-process stacks give a memory one. */
export async function startGateway(overrides: Partial<ReturnType<typeof gatewayConfig>> = {}, transport?: Broker) {
  const config = { ...gatewayConfig(), ...overrides };
  const log = createLogger({ service: "gateway", instance: config.instance });
  if (!transport) await ensureVhost(config.mgmtUrl, config.namespace);
  const broker = transport ?? createBroker(amqpUrlFor(config.amqpUrl, config.namespace), log, config.instance);
  const metrics = gatewayMetrics();
  const rpc = createRpcClient(broker, log, { timeoutMs: config.replyTimeoutMs, origin: "gateway" }, metrics.timeout);
  metrics.countPending(rpc.pendingCount);
  const loginThrottle = createLoginThrottle(config.redisUrl, `${config.namespace}:gw:`, config.loginThrottle, log);
  const edgeCache = config.edgeCacheBytes > 0 ? new EdgeCache(config.edgeCacheBytes) : undefined;
  // Expired answers nobody asks for again would otherwise stay until the byte budget pushes them out.
  const sweeper = edgeCache ? setInterval(() => edgeCache.sweep(), 5000) : undefined;
  sweeper?.unref();
  if (edgeCache) {
    edgeCache.observe(edgeCacheMetrics(metrics.registry, edgeCache));
    followInvalidations(broker, edgeCache, log);
  }
  const accountCheck = usersAccountCheck(rpc, log);
  const app = createGateway({ config, rpc, log, metrics, loginThrottle, accountCheck, edgeCache });
  followAccountChanges(broker, log);
  await broker.ready();
  app.listen({ port: config.port, hostname: config.host });
  const metricsServer = serveMetrics(config.metricsPort, metrics.registry, () => rpc.ready);
  const metricsPort = metricsServer.port ?? config.metricsPort;
  log.info("gateway ready", { port: app.server?.port, metricsPort, docs: "/docs", vhost: config.namespace });
  let stopped: Promise<void> | null = null;
  // Ctrl-C reaches every process of the group and `make up` also sends SIGTERM: stopping twice is a no-op.
  const stop = () =>
    (stopped ??= (async () => {
      await app.stop();
      clearInterval(sweeper);
      metricsServer.stop(true);
      await broker.close();
      loginThrottle.close();
      log.info("gateway stopped");
    })());
  return { app, rpc, metrics, port: app.server?.port ?? config.port, metricsPort, stop };
}

if (import.meta.main) {
  const gw = await startGateway();
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => void gw.stop().then(() => process.exit(0)));
  stopWithParent();
  // Idle: no request began in the last second (a request whose client went away may never count as finished).
  holdMemoryTarget(
    () => gw.metrics.count.started,
    () => 0,
  );
}
