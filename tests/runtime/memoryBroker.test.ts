// The in-memory broker does what the runtime relies on from RabbitMQ.
import { describe, expect, it } from "bun:test";
import type { ChannelModel, ConsumeMessage } from "amqplib";
import { createMemoryBroker, MemoryServer } from "../../svc/runtime/memoryBroker.ts";

const connect = (server: MemoryServer) =>
  new Promise<ChannelModel>((resolve) => createMemoryBroker(server).onConnect(async (c) => resolve(c)));
const next = () => new Promise((r) => setTimeout(r, 5));

describe("memory broker", () => {
  it("delivers at most prefetch unacknowledged messages per channel, and a nacked one again", async () => {
    const conn = await connect(new MemoryServer());
    const ch = await conn.createChannel();
    await ch.assertQueue("q");
    await ch.prefetch(2);
    const got: ConsumeMessage[] = [];
    await ch.consume("q", (m) => {
      if (m) got.push(m);
    });
    for (const n of [1, 2, 3]) ch.sendToQueue("q", Buffer.from(String(n)));
    await next();
    expect(got.map((m) => m.content.toString())).toEqual(["1", "2"]);
    ch.nack(got[0], false, true);
    await next();
    expect(got.map((m) => m.content.toString())).toEqual(["1", "2", "1"]);
    expect(got[2].fields.redelivered).toBe(true);
    ch.ack(got[1]);
    await next();
    expect(got.map((m) => m.content.toString())).toEqual(["1", "2", "1", "3"]);
  });

  it("copies a fanout message to every bound queue, and returns a mandatory message nobody takes", async () => {
    const server = new MemoryServer();
    const ch = await (await connect(server)).createChannel();
    await ch.assertExchange("control", "fanout");
    const a = (await ch.assertQueue("")).queue,
      b = (await ch.assertQueue("")).queue;
    await ch.bindQueue(a, "control", "");
    await ch.bindQueue(b, "control", "");
    const seen: string[] = [];
    await ch.consume(
      a,
      (m) => {
        if (m) seen.push(`a:${m.content}`);
      },
      { noAck: true },
    );
    await ch.consume(
      b,
      (m) => {
        if (m) seen.push(`b:${m.content}`);
      },
      { noAck: true },
    );
    ch.publish("control", "", Buffer.from("freeze"));
    const returned = new Promise((resolve) => ch.on("return", (m: ConsumeMessage) => resolve(m.fields.routingKey)));
    ch.publish("", "queue_nobody", Buffer.from("{}"), { mandatory: true });
    expect(await returned).toBe("queue_nobody");
    expect(seen.sort()).toEqual(["a:freeze", "b:freeze"]);
  });

  it("hands unacknowledged messages of a closed channel to another consumer", async () => {
    const conn = await connect(new MemoryServer());
    const first = await conn.createChannel(),
      second = await conn.createChannel();
    await first.assertQueue("work");
    let firstGot = 0;
    await first.consume("work", () => {
      firstGot++;
    });
    first.sendToQueue("work", Buffer.from("job"));
    await next();
    const secondGot: ConsumeMessage[] = [];
    await second.consume("work", (m) => {
      if (m) secondGot.push(m);
    });
    await first.close();
    await next();
    expect(firstGot).toBe(1);
    expect(secondGot.map((m) => [m.content.toString(), m.fields.redelivered])).toEqual([["job", true]]);
  });
});
