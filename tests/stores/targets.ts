// The stores a behaviour suite runs against: PostgreSQL always (the server every run has), MongoDB when MONGO_URL
// answers, Cassandra when CASSANDRA_CONTACT_POINTS answers. Each open() makes a fresh namespace and close() removes it.
import postgres, { type Sql } from "postgres";
import { MongoClient } from "mongodb";
import cassandra from "cassandra-driver";
import { ensureDatabase } from "../../svc/runtime/db.ts";
import { cassandraSettings, dropKeyspace } from "../../svc/runtime/cassandra.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { newNamespace } from "../support/stack.ts";
import { redacted } from "../../svc/users/store/mongo.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const pgUrl = infrastructure().pgUrl;
export const quietLog = createLogger({ test: "stores" }, { level: "warn" });

export type StoreKind = "postgres" | "mongo" | "cassandra";

/** `store(requestId)`: the store one request uses (its writes are idempotent by that id). */
export interface Opened<S> {
  store(requestId: string): S;
  close(): Promise<void>;
}
export interface StoreTarget<S> {
  kind: StoreKind;
  /** True when the store's writes share the request's PostgreSQL transaction (redeliveries never reach it). */
  transactional: boolean;
  open(): Promise<Opened<S>>;
}

/** A fresh PostgreSQL database with the service's schema; dropped by the returned `drop`. */
export async function freshDatabase(
  service: string,
  ns = newNamespace(),
): Promise<{ sql: Sql; drop(): Promise<void> }> {
  const url = new URL(pgUrl);
  url.pathname = `/${ns}_${service}`;
  await ensureDatabase(url.toString());
  const sql = postgres(url.toString(), { max: 10, onnotice: () => {} });
  await sql.unsafe(await Bun.file(new URL(`../../svc/${service}/schema.sql`, import.meta.url)).text());
  return {
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists "${ns}_${service}" with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

/** Null when MongoDB can be used, else why not ("MONGO_URL not set", "… not reachable: …"). */
export async function mongoUnavailable(): Promise<string | null> {
  const url = process.env.MONGO_URL;
  if (!url) return "MONGO_URL not set";
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return null;
  } catch (err) {
    return `MONGO_URL=${redacted(url)} not reachable (${(err as Error).message})`;
  } finally {
    await client.close().catch(() => {});
  }
}

/** Null when Cassandra can be used, else why not. */
export async function cassandraUnavailable(): Promise<string | null> {
  const points = process.env.CASSANDRA_CONTACT_POINTS;
  if (!points) return "CASSANDRA_CONTACT_POINTS not set";
  const s = cassandraSettings("probe", "probe");
  const client = new cassandra.Client({
    contactPoints: s.contactPoints,
    localDataCenter: s.localDataCenter,
    socketOptions: { connectTimeout: 3000 },
  });
  try {
    await client.connect();
    await client.execute("select release_version from system.local");
    return null;
  } catch (err) {
    return `CASSANDRA_CONTACT_POINTS=${points} not reachable (${(err as Error).message.split("\n")[0]})`;
  } finally {
    await client.shutdown().catch(() => {});
  }
}

/** Which of the wanted stores run here; the others are reported, with the reason, by the suite. */
export async function reachable(
  kinds: StoreKind[],
): Promise<{ run: Set<StoreKind>; skipped: Array<{ kind: StoreKind; reason: string }> }> {
  const run = new Set<StoreKind>();
  const skipped: Array<{ kind: StoreKind; reason: string }> = [];
  for (const kind of kinds) {
    const reason =
      kind === "postgres" ? null : kind === "mongo" ? await mongoUnavailable() : await cassandraUnavailable();
    if (reason) skipped.push({ kind, reason });
    else run.add(kind);
  }
  return { run, skipped };
}

/** Cassandra settings for a fresh keyspace `<ns>_<service>` (contact points and data centre from the environment). */
export const freshCassandra = (service: string, ns = newNamespace()) => cassandraSettings(service, ns);
export { dropKeyspace };
