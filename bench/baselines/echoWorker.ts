// Baselines 2-5, worker side: consumes each baseline queue (prefetch 100) and replies: the echo itself (2),
// after one Redis GET (3), after one PostgreSQL primary-key SELECT from a pool of 10 (4), or after a transaction
// of one durable single-row INSERT (5: synchronous_commit on, PostgreSQL's default).
import amqp from "amqplib";
import Redis from "ioredis";
import postgres from "postgres";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { baselineQueues, baselineRows, baselineTable, baselineWrites, type BaselineKind } from "./wire.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const redisKey = process.env.BASELINE_REDIS_KEY!;
const redis = new Redis(infrastructure().redisUrl);
const sql = postgres(process.env.BASELINE_DATABASE_URL!, { max: 10, onnotice: () => {} });
const ids = (await sql`select id from ${sql(baselineTable)} order by id`).map((r) => r.id as string);
if (ids.length !== baselineRows) throw new Error(`expected ${baselineRows} rows, found ${ids.length}`);
let n = 0;

const work: Record<BaselineKind, (content: Buffer) => Promise<Buffer>> = {
  echo: async (content) => content,
  redis: async () => (await redis.getBuffer(redisKey))!,
  pg: async () => {
    const [row] = await sql`select body from ${sql(baselineTable)} where id = ${ids[n++ % ids.length]}`;
    return Buffer.from(JSON.stringify(row.body));
  },
  insert: async (content) => {
    const id = crypto.randomUUID();
    await sql.begin(
      (tx) =>
        tx`insert into ${tx(baselineWrites)} (id, body) values (${id}, ${tx.json(JSON.parse(content.toString()))})`,
    );
    return Buffer.from(JSON.stringify({ id }));
  },
};

const conn = await amqp.connect(amqpUrlFor(infrastructure().amqpUrl, process.env.BASELINE_VHOST!));
for (const [kind, queue] of Object.entries(baselineQueues) as [BaselineKind, string][]) {
  const ch = await conn.createChannel();
  await ch.assertQueue(queue, { durable: false });
  await ch.prefetch(100);
  await ch.consume(
    queue,
    async (msg) => {
      if (!msg) return;
      const reply = await work[kind](msg.content);
      ch.sendToQueue(msg.properties.replyTo, reply, {
        correlationId: msg.properties.correlationId,
        contentType: "application/json",
      });
      ch.ack(msg);
    },
    { noAck: false },
  );
}
console.log("ready");
