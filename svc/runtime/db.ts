// The service's PostgreSQL pool: created with its database and schema at start-up, resizable live
// (a new pool takes over; the old one stays usable for the requests that already hold it, then closes),
// released on freeze.
import postgres, { type Sql } from "postgres";
import { readFileSync } from "node:fs";
import type { Logger } from "./log.ts";

const quiet = { onnotice: () => {} };
/** How long a replaced pool stays open for requests that picked it up before a resize (longer than any request). */
const retireAfterMs = 60_000;

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, ...quiet });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!row)
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`).catch((err) => {
        // Created by another replica meanwhile: 42P04, or 23505 when both inserted into pg_database at once.
        if (err?.code !== "42P04" && err?.code !== "23505") throw err;
      });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export class Database {
  private current: Sql;
  private retired = new Map<Sql, ReturnType<typeof setTimeout>>();
  private released = false;
  private closed = false;
  private recovering: Promise<void> | null = null;

  constructor(
    private url: string,
    private maxConnections: number,
    private appName: string,
    private log: Logger,
  ) {
    this.current = this.open(maxConnections);
  }

  private open(max: number): Sql {
    return postgres(this.url, {
      max,
      idle_timeout: 30,
      connect_timeout: 5,
      connection: { application_name: this.appName },
      ...quiet,
    });
  }

  get sql(): Sql {
    if (this.released) this.reopen();
    return this.current;
  }

  get max(): number {
    return this.maxConnections;
  }

  /** Run the schema file once per start, serialised between replicas by an advisory lock. */
  async migrate(schemaFile: string): Promise<void> {
    const ddl = readFileSync(schemaFile, "utf8");
    await this.current.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('workup-migrate'))`;
      await tx.unsafe(ddl);
    });
  }

  resize(max: number): void {
    if (!Number.isInteger(max) || max < 1 || max > 1000)
      throw new Error("the pool size must be an integer from 1 to 1000");
    this.maxConnections = max;
    if (this.released) return; // frozen: the pool reopens at this size
    const old = this.current;
    this.current = this.open(max);
    this.retire(old);
    this.log.info("database pool resized", { max });
  }

  // A request may have taken the old pool for several queries: ending it at once would fail the later ones.
  private retire(old: Sql) {
    const timer = setTimeout(() => {
      this.retired.delete(old);
      void old.end({ timeout: 30 }).catch(() => {});
    }, retireAfterMs);
    timer.unref?.();
    this.retired.set(old, timer);
  }

  private async endRetired(timeout: number): Promise<void> {
    const pools = [...this.retired];
    this.retired.clear();
    await Promise.all(
      pools.map(([pool, timer]) => {
        clearTimeout(timer);
        return pool.end({ timeout }).catch(() => {});
      }),
    );
  }

  /** Run fn on the pool; while released (frozen), on a one-off connection, so the pool stays closed. */
  async withConnection<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    if (!this.released) return fn(this.current);
    const once = postgres(this.url, {
      max: 1,
      connect_timeout: 5,
      connection: { application_name: this.appName },
      ...quiet,
    });
    try {
      return await fn(once);
    } finally {
      await once.end({ timeout: 5 }).catch(() => {});
    }
  }

  /** While the server is unreachable (after a lost connection, until a probe answers): requests answer 503 at once. */
  get unreachable(): boolean {
    return this.recovering !== null;
  }

  /**
   * A query on `pool` failed because its connection broke (server restart, network cut). postgres.js 3.4.9 can leave
   * such a pool's connections unable to send again, so their queries hang long after the server is back
   * (porsager/postgres#1193, #1208): the pool is ended at once (what runs on it fails within a second), and a fresh
   * one opens when a probe connection gets an answer.
   */
  connectionLost(pool: Sql): void {
    if (pool !== this.current || this.recovering || this.released || this.closed) return;
    this.log.warn("database connection lost; answering 503 until the server answers again");
    void pool.end({ timeout: 1 }).catch(() => {});
    this.recovering = (async () => {
      while (!this.released && !this.closed && !(await this.probe())) await Bun.sleep(250);
      if (this.released || this.closed) return;
      const meanwhile = this.current; // resized during the outage: that pool is as suspect as the first
      this.current = this.open(this.maxConnections);
      if (meanwhile !== pool) void meanwhile.end({ timeout: 1 }).catch(() => {});
      this.log.info("database reachable again; a fresh pool took over");
    })().finally(() => {
      this.recovering = null;
    });
  }

  private async probe(): Promise<boolean> {
    const once = postgres(this.url, {
      max: 1,
      connect_timeout: 2,
      connection: { application_name: this.appName },
      ...quiet,
    });
    try {
      return await Promise.race([once`select 1`.then(() => true), Bun.sleep(3000).then(() => false)]);
    } catch {
      return false;
    } finally {
      void once.end({ timeout: 0 }).catch(() => {});
    }
  }

  /** Connections of this replica that are running a query right now. */
  async inUse(): Promise<number> {
    try {
      const [row] = await this
        .current`select count(*)::int as n from pg_stat_activity where application_name = ${this.appName}
          and state <> 'idle' and pid <> pg_backend_pid()`;
      return row?.n ?? 0;
    } catch {
      return -1;
    }
  }

  async release(): Promise<void> {
    this.released = true;
    const old = this.current;
    await Promise.all([old.end({ timeout: 30 }).catch(() => {}), this.endRetired(30)]);
  }

  private reopen() {
    this.released = false;
    this.current = this.open(this.maxConnections);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.current.end({ timeout: 5 }).catch(() => {}), this.endRetired(5)]);
  }
}
