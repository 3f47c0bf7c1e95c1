// Exactly-once writes: a write command's effects and its reply are committed together under its request id.
// A redelivery (replica killed mid-write, outbox retry, repeated Idempotency-Key) gets the stored reply.
import type { Sql, TransactionSql } from "postgres";
import { AppError } from "./errors.ts";
import { errorReply, type Reply } from "./envelope.ts";

const serializationFailures = new Set(["40001", "40P01"]);

/** The reply of the attempt that ran and committed (`fresh`), or the reply a first run of the request stored. */
export interface Once {
  reply: Reply;
  fresh: boolean;
}

export async function runOnce(
  sql: Sql,
  id: string,
  command: string,
  fingerprint: string,
  work: (tx: TransactionSql) => Promise<Reply>,
): Promise<Once> {
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await once(sql, id, command, fingerprint, work);
      if (reply) return { reply, fresh: true };
      const stored = await storedReply(sql, id, fingerprint);
      if (stored) return { reply: stored, fresh: false };
      // A claim always commits with its reply; a row without one is not ours to repair.
      if (attempt >= 3) throw new Error(`request ${id} is claimed but has no stored reply`);
    } catch (err) {
      // A deadlock or serialization failure says nothing about the request: run it again from the start.
      if (attempt >= 3 || !serializationFailures.has(String((err as { code?: string }).code))) throw err;
      await Bun.sleep(5 * attempt);
    }
  }
}

const claimedBefore = new Error("claimed before");

/** The work's reply, committed with it; null when the request had been claimed already (the work rolled back). */
async function once(
  sql: Sql,
  id: string,
  command: string,
  fingerprint: string,
  work: (tx: TransactionSql) => Promise<Reply>,
): Promise<Reply | null> {
  let storeReply: Promise<unknown> | null = null;
  try {
    const reply = (await sql.begin(async (tx) => {
      // The claim goes out with the work's first statement, in one round trip: the work runs as if it had claimed,
      // and is rolled back when it had not. A concurrent duplicate's claim waits until the first run commits (then
      // claims nothing) or rolls back (then claims), and the work's statements wait behind it on this connection.
      // (Calls to other services made meanwhile repeat under the same derived ids and are answered once.)
      const claim = tx`insert into request_log (id, command, fingerprint) values (${id}, ${command}, ${fingerprint})
        on conflict (id) do nothing returning id`.execute();
      const done = await work(tx).then(
        (reply) => ({ reply }),
        (error: unknown) => ({ error }),
      );
      if (!(await claim).length) throw claimedBefore;
      if ("error" in done) throw done.error;
      // Not awaited: the update goes out in the same round trip as the COMMIT that postgres.js sends next on this
      // connection. Should it fail, PostgreSQL turns that COMMIT into a rollback, and awaiting it below throws.
      storeReply = tx`update request_log set reply = ${tx.json(done.reply as any)} where id = ${id}`.execute();
      storeReply.catch(() => {});
      return done.reply;
    })) as Reply;
    if (storeReply) await storeReply;
    return reply;
  } catch (err) {
    if (err === claimedBefore) return null;
    throw err;
  }
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
