// An in-memory message broker behind the Broker interface (like Moleculer's fake transporter): services, the gateway
// and the controller of one process talk through it without RabbitMQ, for in-process test stacks. It does what the
// runtime uses of AMQP: the default exchange, fanout exchanges, server-named exclusive queues, prefetch, ack/nack with
// requeue, mandatory publishes returned when no queue takes them, and per-message expiration.
import { EventEmitter } from "node:events";
import type { ChannelModel, ConsumeMessage, Options } from "amqplib";
import type { Broker } from "./amqp.ts";

interface Queued {
  content: Buffer;
  properties: Options.Publish;
  routingKey: string;
  exchange: string;
  redelivered: boolean;
  expiresAt: number;
}
interface Consumer {
  tag: string;
  channel: MemoryChannel;
  onMessage: (msg: ConsumeMessage | null) => void;
  noAck: boolean;
}
interface Queue {
  name: string;
  messages: Queued[];
  consumers: Consumer[];
  next: number;
}

/** The broker's state, shared by every MemoryBroker connected to it. */
export class MemoryServer {
  readonly queues = new Map<string, Queue>();
  readonly fanouts = new Map<string, Set<string>>();
  private counter = 0;

  newName(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = { name, messages: [], consumers: [], next: 0 }));
    return q;
  }

  /** Routes a message; false when no queue took it. */
  route(exchange: string, routingKey: string, content: Buffer, properties: Options.Publish): boolean {
    const targets =
      exchange === "" ? [routingKey].filter((n) => this.queues.has(n)) : [...(this.fanouts.get(exchange) ?? [])];
    const expiration = properties.expiration === undefined ? Infinity : Date.now() + Number(properties.expiration);
    for (const name of targets) {
      this.queue(name).messages.push({
        content,
        properties,
        routingKey,
        exchange,
        redelivered: false,
        expiresAt: expiration,
      });
      this.deliverSoon(name);
    }
    return targets.length > 0;
  }

  deliverSoon(name: string): void {
    setImmediate(() => this.deliver(name));
  }

  private deliver(name: string): void {
    const q = this.queues.get(name);
    if (!q) return;
    while (q.messages.length && q.consumers.length) {
      const ready = q.consumers.filter((c) => c.channel.canTake());
      if (!ready.length) return;
      const m = q.messages.shift()!;
      if (m.expiresAt < Date.now()) continue;
      const consumer = ready[q.next++ % ready.length];
      consumer.channel.hand(consumer, q.name, m);
    }
  }
}

let tagCounter = 0;

class MemoryChannel extends EventEmitter {
  private prefetchCount = 0;
  private unacked = new Map<number, { queue: string; m: Queued }>();
  private consumers = new Map<string, Consumer>();
  private closed = false;

  constructor(private server: MemoryServer) {
    super();
  }

  canTake(): boolean {
    return !this.closed && (this.prefetchCount === 0 || this.unacked.size < this.prefetchCount);
  }

  hand(consumer: Consumer, queue: string, m: Queued): void {
    const deliveryTag = ++tagCounter;
    if (!consumer.noAck) this.unacked.set(deliveryTag, { queue, m });
    const msg = {
      content: m.content,
      fields: {
        deliveryTag,
        redelivered: m.redelivered,
        exchange: m.exchange,
        routingKey: m.routingKey,
        consumerTag: consumer.tag,
      },
      properties: { headers: {}, ...m.properties },
    } as unknown as ConsumeMessage;
    consumer.onMessage(msg);
  }

  async assertQueue(name: string, _opts?: Options.AssertQueue) {
    const queue = name || this.server.newName("amq.gen-");
    this.server.queue(queue);
    return { queue, messageCount: 0, consumerCount: 0 };
  }

  async assertExchange(name: string, _type: string, _opts?: Options.AssertExchange) {
    if (!this.server.fanouts.has(name)) this.server.fanouts.set(name, new Set());
    return { exchange: name };
  }

  async bindQueue(queue: string, exchange: string, _key: string) {
    this.server.fanouts.get(exchange)?.add(queue);
    return {};
  }

  async purgeQueue(queue: string) {
    const q = this.server.queue(queue);
    const messageCount = q.messages.length;
    q.messages = [];
    return { messageCount };
  }

  async deleteQueue(queue: string) {
    this.server.queues.delete(queue);
    for (const bound of this.server.fanouts.values()) bound.delete(queue);
    return { messageCount: 0 };
  }

  async prefetch(count: number) {
    this.prefetchCount = count;
  }

  async consume(queue: string, onMessage: (msg: ConsumeMessage | null) => void, opts: Options.Consume = {}) {
    const consumer: Consumer = {
      tag: this.server.newName("ctag-"),
      channel: this,
      onMessage,
      noAck: opts.noAck ?? false,
    };
    this.server.queue(queue).consumers.push(consumer);
    this.consumers.set(consumer.tag, consumer);
    this.server.deliverSoon(queue);
    return { consumerTag: consumer.tag };
  }

  async cancel(tag: string) {
    this.consumers.delete(tag);
    for (const q of this.server.queues.values()) q.consumers = q.consumers.filter((c) => c.tag !== tag);
    return {};
  }

  sendToQueue(queue: string, content: Buffer, properties: Options.Publish = {}): boolean {
    return this.publish("", queue, content, properties);
  }

  publish(exchange: string, routingKey: string, content: Buffer, properties: Options.Publish = {}): boolean {
    if (this.closed) throw new Error("Channel closed");
    const routed = this.server.route(exchange, routingKey, content, properties);
    if (!routed && properties.mandatory) {
      setImmediate(() => this.emit("return", { content, fields: { exchange, routingKey }, properties }));
    }
    return true;
  }

  ack(msg: ConsumeMessage): void {
    this.unacked.delete(msg.fields.deliveryTag);
    this.pump();
  }

  nack(msg: ConsumeMessage, _allUpTo = false, requeue = true): void {
    const held = this.unacked.get(msg.fields.deliveryTag);
    this.unacked.delete(msg.fields.deliveryTag);
    if (held && requeue) this.requeue(held);
    this.pump();
  }

  private requeue({ queue, m }: { queue: string; m: Queued }): void {
    const q = this.server.queues.get(queue);
    if (!q) return;
    q.messages.unshift({ ...m, redelivered: true });
    this.server.deliverSoon(queue);
  }

  private pump(): void {
    for (const q of this.server.queues.values()) if (q.messages.length) this.server.deliverSoon(q.name);
  }

  /** Unacknowledged messages go back to their queues, as when a real channel closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const tag of this.consumers.keys()) await this.cancel(tag);
    for (const held of this.unacked.values()) this.requeue(held);
    this.unacked.clear();
    this.emit("close");
  }
}

/** A connection to `server` with the Broker interface: setups run at once and on nothing else (it never drops). */
export function createMemoryBroker(server: MemoryServer): Broker {
  const channels: MemoryChannel[] = [];
  const open = async () => {
    const ch = new MemoryChannel(server);
    channels.push(ch);
    return ch;
  };
  const conn = Object.assign(new EventEmitter(), {
    createChannel: open,
    createConfirmChannel: open,
    close: async () => {
      for (const ch of channels) await ch.close();
    },
  }) as unknown as ChannelModel;
  let closed = false;
  return {
    get connected() {
      return !closed;
    },
    onConnect(setup) {
      if (!closed) void setup(conn);
    },
    onDisconnect() {},
    ready: () => Promise.resolve(),
    async close() {
      closed = true;
      await conn.close();
    },
  };
}
