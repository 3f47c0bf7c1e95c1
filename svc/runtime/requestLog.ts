// Exactly-once writes: a write command's effects and its reply are committed together under its request id.
// A redelivery (replica killed mid-write, outbox retry, repeated Idempotency-Key) gets the stored reply.
import type { Sql, TransactionSql } from "postgres";
import { AppError } from "./errors.ts";
import { errorReply, type Reply } from "./envelope.ts";

const serializationFailures = new Set(["40001", "40P01"]);

export async function runOnce(
  sql: Sql,
  id: string,
  command: string,
  fingerprint: string,
  work: (tx: TransactionSql) => Promise<Reply>,
): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(sql, id, command, fingerprint, work);
    } catch (err) {
      // A deadlock or serialization failure says nothing about the request: run it again from the start.
      if (attempt >= 3 || !serializationFailures.has(String((err as { code?: string }).code))) throw err;
      await Bun.sleep(5 * attempt);
    }
  }
}

async function once(
  sql: Sql,
  id: string,
  command: string,
  fingerprint: string,
  work: (tx: TransactionSql) => Promise<Reply>,
): Promise<Reply> {
  let storeReply: Promise<unknown> | null = null;
  const reply = (await sql.begin(async (tx) => {
    // A concurrent duplicate blocks here until the first commits (then sees its row) or rolls back (then runs).
    const claimed =
      await tx`insert into request_log (id, command, fingerprint) values (${id}, ${command}, ${fingerprint})
        on conflict (id) do nothing returning id`;
    if (!claimed.length) {
      const [row] = await tx`select reply, fingerprint from request_log where id = ${id}`;
      if (row.fingerprint && row.fingerprint !== fingerprint) return reusedKey();
      return row.reply as Reply;
    }
    const reply = await work(tx);
    // Not awaited: the update goes out in the same round trip as the COMMIT that postgres.js sends next on this
    // connection. Should it fail, PostgreSQL turns that COMMIT into a rollback, and awaiting it below throws.
    storeReply = tx`update request_log set reply = ${tx.json(reply as any)} where id = ${id}`.execute();
    storeReply.catch(() => {});
    return reply;
  })) as Reply;
  if (storeReply) await storeReply;
  return reply;
}

/** The reply stored for this request, if it completed before (a conflict when the key came with another request). */
export async function storedReply(sql: Sql, id: string, fingerprint: string): Promise<Reply | null> {
  const [row] = await sql`select reply, fingerprint from request_log where id = ${id} and reply is not null`;
  if (!row) return null;
  if (row.fingerprint && row.fingerprint !== fingerprint) return reusedKey();
  return row.reply as Reply;
}

const reusedKey = () =>
  errorReply(new AppError("conflict", "This Idempotency-Key was already used for a different request"));

export const pruneRequestLog = (sql: Sql, keepHours = 24) =>
  sql`delete from request_log where created_at < now() - make_interval(hours => ${keepHours})`;

/**
 * The cache keys that writes of the last `seconds` invalidated, from their stored replies. A replica that starts
 * invalidates them again: a write committed just before a crash may not have announced its invalidations yet.
 */
export async function recentInvalidations(sql: Sql, seconds: number): Promise<string[]> {
  const rows = await sql<Array<{ key: string }>>`
    select distinct jsonb_array_elements_text(reply -> 'invalidates') as key from request_log
    where created_at > now() - make_interval(secs => ${seconds}) and reply ? 'invalidates'`;
  return rows.map((r) => r.key);
}
