// Announcements: facts a service states for whoever listens, on a fanout exchange `announce_<topic>` (users tells
// every gateway replica that an account was deleted or disabled). A command announces through ctx.announce; a
// write command's announcements go out after its transaction commits, so a listener that asks again sees the
// change. Not durable: a listener that was disconnected is told it (re)subscribed, and drops what it may have missed.
import type { Channel, ChannelModel } from "amqplib";
import { openChannel, type Broker } from "./amqp.ts";
import type { Logger } from "./log.ts";

export type Announce = (topic: string, payload: Record<string, unknown>) => void;

/** Cache invalidations for the gateways' edge caches: `{ service, keys }` (gw/edgeInvalidations.ts). */
export const edgeTopic = "edge";
/** A replica replays the invalidations of this many seconds of writes when it starts; edge entries live less. */
export const invalidationReplaySeconds = 120;
/** The key that stands for all of a service's keys: its commands changed (hot swap, rollback, delete). */
export const everyKey = "*";

const exchangeOf = (topic: string) => `announce_${topic}`;

/** `ready`: topics declared on every connection, so that their announcements go out at once, in order. */
export function createAnnouncer(broker: Broker, log: Logger, ready: string[] = []): Announce {
  let channel: Channel | null = null;
  const declared = new Set<string>();
  broker.onConnect(async (conn: ChannelModel) => {
    declared.clear();
    const ch = await openChannel(conn, log);
    for (const topic of ready) await ch.assertExchange(exchangeOf(topic), "fanout", { durable: true });
    for (const topic of ready) declared.add(exchangeOf(topic));
    channel = ch;
  });
  broker.onDisconnect(() => {
    channel = null;
  });
  return (topic, payload) => {
    const ch = channel;
    if (!ch) return log.warn("announcement not sent: not connected to the broker", { topic });
    const exchange = exchangeOf(topic);
    const send = () =>
      ch.publish(exchange, "", Buffer.from(JSON.stringify(payload)), { contentType: "application/json" });
    if (declared.has(exchange)) return void send();
    ch.assertExchange(exchange, "fanout", { durable: true }).then(
      () => {
        declared.add(exchange);
        send();
      },
      (err: Error) => log.warn("announcement not sent", { topic, err: err.message }),
    );
  };
}

export interface Listener {
  heard(payload: Record<string, unknown>): void;
  /** Subscribed, first or again after a lost connection: announcements made meanwhile were missed. */
  subscribed(): void;
}

/** Hears every announcement of `topic` on a queue of its own, from now on and after every reconnection. */
export function listen(broker: Broker, topic: string, log: Logger, listener: Listener): void {
  broker.onConnect(async (conn: ChannelModel) => {
    const ch = await openChannel(conn, log);
    await ch.assertExchange(exchangeOf(topic), "fanout", { durable: true });
    const { queue } = await ch.assertQueue("", { exclusive: true, autoDelete: true });
    await ch.bindQueue(queue, exchangeOf(topic), "");
    await ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        try {
          listener.heard(JSON.parse(msg.content.toString()));
        } catch (err) {
          log.warn("announcement not understood", { topic, err: (err as Error).message });
        }
      },
      { noAck: true },
    );
    listener.subscribed();
  });
}
