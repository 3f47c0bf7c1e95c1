// Exactly-once writes: a write command's effects and its reply are committed together under its request id.
// A redelivery (replica killed mid-write, outbox retry, repeated Idempotency-Key) gets the stored reply.
import type { Sql, TransactionSql } from "postgres";
import type { Reply } from "./envelope.ts";

export async function runOnce(sql: Sql, id: string, command: string, work: (tx: TransactionSql) => Promise<Reply>): Promise<Reply> {
  return sql.begin(async (tx) => {
    // A concurrent duplicate blocks here until the first commits (then sees its row) or rolls back (then runs).
    const claimed = await tx`insert into request_log (id, command) values (${id}, ${command}) on conflict (id) do nothing returning id`;
    if (!claimed.length) {
      const [row] = await tx`select reply from request_log where id = ${id}`;
      return row.reply as Reply;
    }
    const reply = await work(tx);
    await tx`update request_log set reply = ${tx.json(reply as any)} where id = ${id}`;
    return reply;
  });
}

export const pruneRequestLog = (sql: Sql, keepHours = 24) =>
  sql`delete from request_log where created_at < now() - make_interval(hours => ${keepHours})`;
