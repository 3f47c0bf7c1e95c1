// Request/reply over RabbitMQ: publish to queue_<service>, wait on this process's private reply queue.
// A broker outage fails pending calls at once (503) instead of letting them run into the timeout.
import type { Channel } from "amqplib";
import type { Broker } from "./amqp.ts";
import { openChannel } from "./amqp.ts";
import { AppError, unavailable, timeout as timeoutError } from "./errors.ts";
import { queueOf, requestProperties, type Caller, type Origin, type Reply, type RequestMeta } from "./envelope.ts";
import type { Logger } from "./log.ts";

export interface CallOptions {
  caller?: Caller | null;
  requestId?: string;
  idempotencyKey?: string;
  traceId?: string;
  timeoutMs?: number;
  /** Absolute time the caller gives up (its own request's deadline): the call waits at most until then. */
  deadline?: number;
  origin?: Origin;
  /** Let the broker drop the request if nobody takes it in time (no stale work piles up). */
  expireInQueue?: boolean;
}

export interface RpcClient {
  call<T = unknown>(service: string, command: string, input: unknown, opts?: CallOptions): Promise<T>;
  /** Like call, but resolves with the raw reply instead of throwing domain errors. */
  request(service: string, command: string, input: unknown, opts?: CallOptions): Promise<Reply>;
  readonly ready: boolean;
  pendingCount(): number;
}

interface Pending {
  resolve: (r: Reply) => void;
  timer: ReturnType<typeof setTimeout>;
  service: string;
}

export function createRpcClient(
  broker: Broker,
  log: Logger,
  defaults: { timeoutMs: number; origin: Origin },
  onTimeout?: (service: string) => void,
): RpcClient {
  const pending = new Map<string, Pending>();
  let ch: Channel | null = null;
  let replyQueue = "";

  const settle = (id: string, reply: Reply) => {
    const p = pending.get(id);
    if (!p) return; // a late reply after a timeout: dropped on purpose
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(reply);
  };

  broker.onConnect(async (conn) => {
    const channel = await openChannel(conn, log);
    const q = await channel.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
    channel.on("return", (msg) => {
      const service = String(msg.fields.routingKey).replace(/^queue_/, "");
      settle(String(msg.properties.correlationId), {
        ok: false,
        error: unavailable(`The ${service} service is not running`).toWire(),
      });
    });
    await channel.consume(
      q.queue,
      (msg) => {
        if (!msg) return;
        try {
          settle(String(msg.properties.correlationId), JSON.parse(msg.content.toString()) as Reply);
        } catch (err) {
          log.warn("unreadable reply dropped", { err: (err as Error).message });
        }
      },
      { noAck: true },
    );
    replyQueue = q.queue;
    ch = channel;
  });
  broker.onDisconnect(() => {
    ch = null;
    for (const id of [...pending.keys()])
      settle(id, { ok: false, error: unavailable("Lost the connection to the message broker").toWire() });
  });

  const request = (service: string, command: string, input: unknown, opts: CallOptions = {}): Promise<Reply> => {
    const channel = ch;
    if (!channel)
      return Promise.resolve({ ok: false, error: unavailable("The message broker is unreachable").toWire() });
    const left = opts.deadline ? opts.deadline - Date.now() : Infinity;
    const timeoutMs = Math.min(opts.timeoutMs ?? defaults.timeoutMs, left);
    if (timeoutMs <= 0) {
      return Promise.resolve({ ok: false, error: timeoutError(`No time left to ask the ${service} service`).toWire() });
    }
    const requestId = opts.requestId ?? crypto.randomUUID();
    const meta: RequestMeta = {
      command,
      requestId,
      idempotencyKey: opts.idempotencyKey ?? requestId,
      caller: opts.caller ?? null,
      traceId: opts.traceId ?? requestId,
      deadline: Date.now() + timeoutMs,
      origin: opts.origin ?? defaults.origin,
      attempt: 1,
    };
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        onTimeout?.(service);
        settle(requestId, {
          ok: false,
          error: timeoutError(`The ${service} service did not answer within ${timeoutMs} ms`).toWire(),
        });
      }, timeoutMs);
      pending.set(requestId, { resolve, timer, service });
      const props = requestProperties(meta, replyQueue);
      if (opts.expireInQueue) props.expiration = String(timeoutMs);
      try {
        channel.publish("", queueOf(service), Buffer.from(JSON.stringify(input ?? {})), {
          ...props,
          mandatory: true,
          persistent: false,
        });
      } catch (err) {
        settle(requestId, {
          ok: false,
          error: unavailable(`Could not send to the ${service} service: ${(err as Error).message}`).toWire(),
        });
      }
    });
  };

  return {
    request,
    async call<T>(service: string, command: string, input: unknown, opts?: CallOptions): Promise<T> {
      const reply = await request(service, command, input, opts);
      if (!reply.ok) throw AppError.fromWire(reply.error);
      return reply.body as T;
    },
    get ready() {
      return ch !== null;
    },
    pendingCount: () => pending.size,
  };
}
