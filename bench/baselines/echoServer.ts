// Baselines 2-4, HTTP side: a bare HTTP server that sends each request over RabbitMQ and answers with the
// reply (private reply queue, correlation ids): the same path as the gateway, without anything else.
import amqp from "amqplib";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { baselineQueues, baselineRequest } from "./wire.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const conn = await amqp.connect(amqpUrlFor(infrastructure().amqpUrl, process.env.BASELINE_VHOST!));
const ch = await conn.createChannel();
const { queue: replyQueue } = await ch.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
const pending = new Map<string, (body: Buffer) => void>();
await ch.consume(
  replyQueue,
  (msg) => {
    if (!msg) return;
    const id = String(msg.properties.correlationId);
    pending.get(id)?.(msg.content);
    pending.delete(id);
  },
  { noAck: true },
);
for (const q of Object.values(baselineQueues)) await ch.assertQueue(q, { durable: false });

const payload = Buffer.from(JSON.stringify(baselineRequest));
const headers = { "content-type": "application/json" };
let seq = 0;
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    const queue = baselineQueues[new URL(req.url).pathname.slice(1) as keyof typeof baselineQueues];
    if (!queue) return new Response("not found", { status: 404 });
    const id = String(++seq);
    return new Promise<Response>((resolve) => {
      pending.set(id, (body) => resolve(new Response(body, { headers })));
      ch.publish("", queue, payload, { correlationId: id, replyTo: replyQueue, contentType: "application/json" });
    });
  },
});
console.log(`ready ${server.port}`);
