// The runtime's PostgreSQL pool (svc/runtime/db.ts) under a real PostgreSQL restart with transactions in flight,
// recovering the way a replica does (connectionLost: end the broken pool, probe, open a fresh one). postgres.js
// 3.4.9 threw from a timer here (a write scheduled on a socket that had just closed: porsager/postgres#1154), which
// no caller can catch and which killed a jobs replica in CI; ctl/patches/postgres-closed-socket.mjs guards it.
import { afterAll, describe, expect, it } from "bun:test";
import { Database } from "../../svc/runtime/db.ts";
import { isConnectionError } from "../../svc/runtime/errors.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { ensurePostgres, restartPostgres } from "../support/infra.ts";
import { waitFor } from "../support/stack.ts";
import { printSummary, tally } from "../support/summary.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const url = infrastructure().pgUrl;

afterAll(async () => {
  await ensurePostgres().catch((err) => console.error(`PostgreSQL not restored: ${err}`));
  printSummary(import.meta.path);
}, 120_000);

describe("the database pool during a PostgreSQL restart", () => {
  it(
    "fails in-flight transactions with connection errors, never crashes the process, and serves again afterwards",
    () =>
      tally(import.meta.path, "PostgreSQL restart under 40 concurrent transactions", async (t) => {
        const uncaught: unknown[] = [];
        const onUncaught = (err: unknown) => {
          uncaught.push(err);
        };
        process.on("uncaughtException", onUncaught);
        const db = new Database(
          url,
          10,
          `workup-pool-test-${process.pid}`,
          createLogger({ service: "pool-test" }, { level: "off" }),
        );
        let stop = false;
        let ok = 0;
        const failures: unknown[] = [];
        const loop = async () => {
          while (!stop) {
            if (db.unreachable) {
              await Bun.sleep(20);
              continue;
            }
            const pool = db.sql;
            try {
              await pool.begin(async (tx) => {
                await tx`select pg_sleep(0.001)`;
                await tx`select 1`;
              });
              ok++;
            } catch (err) {
              failures.push(err);
              if (isConnectionError(err)) db.connectionLost(pool);
              await Bun.sleep(5);
            }
          }
        };
        const loops = Array.from({ length: 40 }, loop);
        try {
          await waitFor("transactions to run", async () => ok > 100, 10_000, 50);
          await restartPostgres();
          const before = ok;
          await waitFor("transactions to succeed again", async () => ok > before + 100, 30_000, 100);
        } finally {
          stop = true;
          await ensurePostgres();
          await Promise.race([Promise.all(loops), Bun.sleep(10_000)]);
          process.off("uncaughtException", onUncaught);
          await db.close();
        }
        t.check(uncaught.length === 0, () => `uncaught: ${uncaught.map(String).join("; ").slice(0, 500)}`);
        t.check(failures.length > 0, "no transaction noticed the restart");
        for (const err of failures)
          t.check(isConnectionError(err), () => `not a connection error: ${String((err as Error)?.message ?? err)}`);
        expect(t.failed).toEqual([]);
      }),
    90_000,
  );
});
