// Transactional outbox: a write command records "tell service X" in its own transaction; the relay delivers
// it as an RPC (its id is the request id, so the receiver applies it once) and retries until it is answered.
import type { Static, TSchema } from "@sinclair/typebox";
import type { Sql } from "postgres";
import type { CommandContract } from "./commandContract.ts";
import type { Logger } from "./log.ts";
import type { RpcClient } from "./rpc.ts";
import { pruneRequestLog } from "./requestLog.ts";

export interface Outbox {
  send<I extends TSchema>(contract: CommandContract<I>, payload: Static<I>): Promise<void>;
}

export function outboxFor(sql: Sql, poke: () => void): Outbox {
  return {
    async send({ service, command }, payload) {
      await sql`insert into outbox (id, service, command, payload)
                values (${crypto.randomUUID()}, ${service}, ${command}, ${sql.json(payload as never)})`;
      poke();
    },
  };
}

export const noOutbox: Outbox = {
  send: () => Promise.reject(new Error("outbox messages can only be sent from a write command")),
};

export interface Relay {
  poke(): void;
  stop(): Promise<void>;
}

export function startRelay(
  getSql: () => Sql,
  rpc: RpcClient,
  log: Logger,
  opts = { intervalMs: 1000, timeoutMs: 5000 },
): Relay {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const deliverDue = async () => {
    const sql = getSql();
    // Lease due rows so other replicas skip them while this one delivers.
    const rows = await sql`
      update outbox set attempts = attempts + 1, next_attempt_at = now() + interval '30 seconds'
      where id in (select id from outbox where delivered_at is null and next_attempt_at <= now()
                   order by next_attempt_at limit 20 for update skip locked)
      returning id, service, command, payload, attempts`;
    await Promise.all(
      rows.map(async (row) => {
        const reply = await rpc.request(row.service, row.command, row.payload, {
          requestId: row.id,
          origin: "outbox",
          timeoutMs: opts.timeoutMs,
          expireInQueue: true,
        });
        // A refusal is final, except "no such command here": deleted by an operator or not rolled out yet, it comes
        // back.
        if (reply.ok || (reply.error.status < 500 && reply.error.code !== "unknown_command")) {
          if (!reply.ok)
            log.error("outbox message refused by its receiver; not retried", {
              id: row.id,
              to: row.service,
              command: row.command,
              error: reply.error,
            });
          await sql`update outbox set delivered_at = now(), last_error = ${reply.ok ? null : reply.error.message}
            where id = ${row.id}`;
        } else {
          const backoffMs = Math.min(250 * 2 ** Math.min(row.attempts, 5), 5000);
          await sql`update outbox
            set next_attempt_at = now() + make_interval(secs => ${backoffMs / 1000}),
                last_error = ${reply.error.message}
            where id = ${row.id}`;
          // Warn on the first failure and then every tenth, so a long outage does not flood the log.
          (row.attempts === 1 || row.attempts % 10 === 0 ? log.warn : log.debug)("outbox delivery will be retried", {
            id: row.id,
            to: row.service,
            command: row.command,
            attempts: row.attempts,
            error: reply.error.message,
          });
        }
      }),
    );
    return rows.length;
  };

  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          if (rpc.ready && (await deliverDue()) === 20) again = true;
        } catch (err) {
          log.warn("outbox relay pass failed", { err: (err as Error).message });
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, opts.intervalMs);
  // The request log only has to outlive redeliveries and client retries: keep a day of it.
  const prune = () =>
    pruneRequestLog(getSql()).catch((err) =>
      log.warn("request log pruning failed; tried again later", { err: (err as Error).message }),
    );
  const pruner = setInterval(() => void prune(), 10 * 60_000);
  return {
    poke: () => setTimeout(tick, 0),
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruner);
      await running;
    },
  };
}
