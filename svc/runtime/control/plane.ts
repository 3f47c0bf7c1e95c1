// The control plane of one replica: its own queue `controller_<service>.<instance>` bound to the fanout exchange
// controller_<service>. Every authenticated message is applied, one at a time, and answered with
// {id, instance, ok, error?, version?, state}. The queue outlives a killed replica for a minute (x-expires), so the
// controller reports that replica as missing instead of silently expecting one answer fewer; a replica that stops
// gracefully deletes it.
import type { Channel, ConsumeMessage } from "amqplib";
import type { Broker } from "../amqp.ts";
import { openChannel } from "../amqp.ts";
import { envInt } from "../config.ts";
import { controlExchangeOf } from "../envelope.ts";
import type { Logger } from "../log.ts";
import { verifyControl, freshnessMs, type ControlMessage } from "./credential.ts";

export interface ControlReply {
  id: string;
  instance: string;
  ok: boolean;
  error?: string;
  version?: string;
  /** What a read-only operation answers besides the state (showCommand: the code). */
  detail?: unknown;
  state: unknown;
}
export type ControlOp = (args: Record<string, unknown>) => Promise<{ version?: string; detail?: unknown } | void>;

// Operations that only read: they do not wait behind a freeze that is finishing in-flight requests.
const readOnlyOps = new Set(["status", "showCommand"]);

export const controlQueuePrefix = (service: string) => `${controlExchangeOf(service)}.`;
export const controlQueueOf = (service: string, instance: string) => controlQueuePrefix(service) + instance;

export interface ControlPlane {
  /** Resolves once the control queue is bound and `init` (the durable overrides) has run. */
  ready: Promise<void>;
  /** Delete the control queue: a replica that stops on purpose is not reported missing. */
  stop(): Promise<void>;
}

export function startControlPlane(opts: {
  broker: Broker;
  service: string;
  instance: string;
  secret: string;
  log: Logger;
  ops: Record<string, ControlOp>;
  state: () => Promise<unknown>;
  /** Runs once the queue is bound and before any message is applied, so no control message can be missed. */
  init?: () => Promise<void>;
  /** Runs after every later reconnection, in turn with control messages: what was missed while cut off. */
  resync?: () => Promise<void>;
}): ControlPlane {
  const { broker, service, log } = opts;
  const exchange = controlExchangeOf(service);
  const queue = controlQueueOf(service, opts.instance);
  const expiresMs = envInt("CONTROL_QUEUE_EXPIRES_MS", 60_000);
  const seen = new Map<string, number>(); // message id -> when: a captured message cannot be replayed
  let channel: Channel | null = null;
  let first = true;
  let markReady!: () => void, failReady!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {}); // the caller of runService sees the failure; this avoids an unhandled rejection
  let serial: Promise<unknown> = ready;

  const apply = async (m: ControlMessage): Promise<ControlReply> => {
    const base = { id: String(m?.id ?? ""), instance: opts.instance };
    const refused = verifyControl(opts.secret, service, m) ?? replayed(m.id);
    if (refused) {
      log.warn("control message refused", { op: m?.op, reason: refused });
      return { ...base, ok: false, error: refused, state: null };
    }
    try {
      const op = opts.ops[m.op];
      if (!op) throw new Error(`unknown control operation "${m.op}"`);
      const result = await op(m.args ?? {});
      log.info("control operation applied", {
        op: m.op,
        args:
          m.op === "updateCommand" || m.op === "addCommand" ? { command: m.args.command, hash: m.args.hash } : m.args,
      });
      const version = result?.version ? { version: result.version } : {};
      const detail = result?.detail === undefined ? {} : { detail: result.detail };
      return { ...base, ok: true, ...version, ...detail, state: await opts.state() };
    } catch (err) {
      log.warn("control operation failed", { op: m.op, err: (err as Error).message });
      return { ...base, ok: false, error: (err as Error).message, state: await opts.state().catch(() => null) };
    }
  };

  const replayed = (id: string): string | null => {
    const now = Date.now();
    for (const [k, at] of seen) if (now - at > freshnessMs) seen.delete(k);
    if (seen.has(id)) return "control message already applied (replayed)";
    seen.set(id, now);
    return null;
  };

  const receive = (msg: ConsumeMessage) => {
    let m: ControlMessage;
    try {
      m = JSON.parse(msg.content.toString()) as ControlMessage;
    } catch {
      m = null as unknown as ControlMessage;
    }
    const run = () => apply(m);
    const answer = readOnlyOps.has(m?.op) ? ready.then(run) : (serial = serial.then(run, run));
    void answer.then(
      (reply) => {
        const ch = channel;
        if (ch && msg.properties.replyTo)
          ch.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(reply)), {
            correlationId: msg.properties.correlationId,
          });
      },
      (err) => log.warn("control message not answered", { err: (err as Error).message }),
    );
  };

  let connection: unknown = null;
  broker.onConnect(async (conn) => {
    if (connection === conn) return; // once per connection
    connection = conn;
    const ch = await openChannel(conn, log);
    await ch.assertExchange(exchange, "fanout", { durable: true });
    await ch.assertQueue(queue, { durable: false, arguments: { "x-expires": expiresMs, "x-message-ttl": expiresMs } });
    // Messages left in a queue of the same name by an earlier process are not ours to apply.
    if (first) await ch.purgeQueue(queue);
    await ch.bindQueue(queue, exchange, "");
    channel = ch;
    if (first) {
      first = false;
      (opts.init ?? (async () => {}))().then(markReady, failReady);
    } else if (opts.resync) {
      const resync = opts.resync;
      serial = serial
        .then(resync, resync)
        .catch((err) => log.warn("stored overrides not re-applied", { err: (err as Error).message }));
    }
    await ch.consume(
      queue,
      (msg) => {
        if (msg) receive(msg);
      },
      { noAck: true },
    );
  });
  broker.onDisconnect(() => {
    channel = null;
    connection = null;
  });

  return {
    ready,
    async stop() {
      const ch = channel;
      channel = null;
      if (ch) await ch.deleteQueue(queue).catch(() => {});
    },
  };
}
