// A real consumer on a service queue in a test vhost, answering with whatever the test decides.
// Used by gateway tests that need a particular reply (an error, silence) without running a service.
import amqp from "amqplib";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { readRequest, type Reply, type RequestMeta } from "../../svc/runtime/envelope.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

export async function fakeService(
  ns: string,
  service: string,
  answer: (meta: RequestMeta, body: any) => Reply | null | Promise<Reply | null>,
) {
  const conn = await amqp.connect(amqpUrlFor(infrastructure().amqpUrl, ns));
  const ch = await conn.createChannel();
  await ch.assertQueue(`queue_${service}`, { durable: true });
  const seen: Array<{ meta: RequestMeta; body: any }> = [];
  await ch.consume(`queue_${service}`, async (msg) => {
    if (!msg) return;
    const meta = readRequest(msg);
    const body = JSON.parse(msg.content.toString());
    seen.push({ meta, body });
    const reply = await answer(meta, body);
    if (reply && msg.properties.replyTo)
      ch.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(reply)), {
        correlationId: msg.properties.correlationId,
      });
    ch.ack(msg);
  });
  return { seen, close: () => conn.close() };
}
