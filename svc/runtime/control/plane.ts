// The control plane of one replica: an exclusive queue bound to the fanout exchange controller_<service>.
// Every authenticated message is applied and answered with {id, instance, ok, error?, state}.
import type { Broker } from "../amqp.ts";
import { openChannel } from "../amqp.ts";
import { controlExchangeOf } from "../envelope.ts";
import type { Logger } from "../log.ts";
import { verifyControl, type ControlMessage } from "./credential.ts";

export interface ControlReply { id: string; instance: string; ok: boolean; error?: string; version?: string; state: unknown }
export type ControlOp = (args: Record<string, unknown>) => Promise<{ version?: string } | void>;

export function startControlPlane(opts: {
  broker: Broker; service: string; instance: string; secret: string; log: Logger;
  ops: Record<string, ControlOp>; state: () => Promise<unknown>;
}) {
  const { broker, service, log } = opts;
  broker.onConnect(async (conn) => {
    const ch = await openChannel(conn, log);
    const exchange = controlExchangeOf(service);
    await ch.assertExchange(exchange, "fanout", { durable: true });
    const { queue } = await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
    await ch.bindQueue(queue, exchange, "");
    await ch.consume(queue, async (msg) => {
      if (!msg) return;
      let reply: ControlReply;
      let m: ControlMessage | null = null;
      try {
        m = JSON.parse(msg.content.toString()) as ControlMessage;
        const refused = verifyControl(opts.secret, m);
        if (refused) {
          log.warn("control message refused", { op: m?.op, reason: refused });
          reply = { id: String(m?.id ?? ""), instance: opts.instance, ok: false, error: refused, state: null };
        } else {
          const op = opts.ops[m.op];
          if (!op) throw new Error(`unknown control operation "${m.op}"`);
          const result = await op(m.args ?? {});
          log.info("control operation applied", { op: m.op, args: m.op === "updateCommand" ? { command: m.args.command, hash: m.args.hash } : m.args });
          reply = { id: m.id, instance: opts.instance, ok: true, ...(result?.version ? { version: result.version } : {}), state: await opts.state() };
        }
      } catch (err) {
        log.warn("control operation failed", { op: m?.op, err: (err as Error).message });
        reply = { id: String(m?.id ?? ""), instance: opts.instance, ok: false, error: (err as Error).message, state: await opts.state().catch(() => null) };
      }
      if (msg.properties.replyTo) ch.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(reply)), { correlationId: msg.properties.correlationId });
    }, { noAck: true });
  });
}
