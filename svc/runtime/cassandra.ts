// Cassandra for the services that keep their domain data there (JOBS_STORE / CONTRACTS_STORE=cassandra): settings
// from the environment, the keyspace and tables created at start-up, statements prepared, driver errors as ours.
import cassandra from "cassandra-driver";
import type { Client, ClientOptions, types } from "cassandra-driver";
import { env, envInt } from "./config.ts";
import { type AppError, unavailable } from "./errors.ts";
import type { Logger } from "./log.ts";

export type CassandraClient = Client;
export type CqlRow = types.Row;
const { consistencies, responseErrorCodes } = cassandra.types;

export interface CassandraSettings {
  contactPoints: string[];
  localDataCenter: string;
  keyspace: string;
  replicationFactor: number;
  username: string;
  password: string;
}

/** <SERVICE>_CASSANDRA_* first, then CASSANDRA_*; the keyspace defaults to <namespace>_<service>. */
export function cassandraSettings(service: string, namespace: string): CassandraSettings {
  const upper = service.toUpperCase();
  const pick = (name: string, fallback: string) => env(`${upper}_${name}`, env(name, fallback));
  const keyspace = pick("CASSANDRA_KEYSPACE", `${namespace}_${service}`);
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace))
    throw new Error(`the Cassandra keyspace must match [a-z][a-z0-9_]{0,47}, got "${keyspace}"`);
  return {
    contactPoints: pick("CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    localDataCenter: pick("CASSANDRA_LOCAL_DC", "datacenter1"),
    keyspace,
    replicationFactor: envInt(`${upper}_CASSANDRA_REPLICATION_FACTOR`, envInt("CASSANDRA_REPLICATION_FACTOR", 1)),
    username: pick("CASSANDRA_USERNAME", ""),
    password: pick("CASSANDRA_PASSWORD", ""),
  };
}

const clientOptions = (s: CassandraSettings, keyspace?: string): ClientOptions => ({
  contactPoints: s.contactPoints,
  localDataCenter: s.localDataCenter,
  keyspace,
  credentials: s.username ? { username: s.username, password: s.password } : undefined,
  // An undefined value is left unset (no tombstone); null deletes the cell.
  encoding: { useUndefinedAsUnset: true },
  // Quorum reads see quorum writes; conditional writes (LWT) agree through Paxos at LOCAL_SERIAL.
  queryOptions: { prepare: true, consistency: consistencies.localQuorum, serialConsistency: consistencies.localSerial },
  socketOptions: { connectTimeout: envInt("CASSANDRA_CONNECT_TIMEOUT_MS", 5000), readTimeout: 12_000 },
});

/**
 * Creates the keyspace (SimpleStrategy with the configured replication factor, as the seed did) and runs the
 * service's DDL (`create … if not exists`, names qualified with the keyspace), then connects to the keyspace.
 */
export async function openCassandra(
  s: CassandraSettings,
  ddl: (keyspace: string) => string[],
  log: Logger,
): Promise<CassandraClient> {
  const admin = new cassandra.Client(clientOptions(s));
  try {
    await admin.connect();
    const simple = { prepare: false };
    await admin.execute(
      `create keyspace if not exists ${s.keyspace} ` +
        `with replication = {'class': 'SimpleStrategy', 'replication_factor': ${s.replicationFactor}} ` +
        "and durable_writes = true",
      [],
      simple,
    );
    for (const statement of ddl(s.keyspace)) await admin.execute(statement, [], simple);
  } finally {
    await admin.shutdown().catch(() => {});
  }
  const client = new cassandra.Client(clientOptions(s, s.keyspace));
  await client.connect();
  log.info("cassandra ready", { contactPoints: s.contactPoints, keyspace: s.keyspace });
  return client;
}

/**
 * Opens the keyspace, or fails start-up with a message naming the cluster (the process exits; its supervisor retries).
 */
export async function openCassandraOrExplain(
  s: CassandraSettings,
  ddl: (keyspace: string) => string[],
  log: Logger,
): Promise<CassandraClient> {
  try {
    return await openCassandra(s, ddl, log);
  } catch (err) {
    throw new Error(
      `Cassandra at ${s.contactPoints.join(",")} (keyspace ${s.keyspace}, data centre ${s.localDataCenter}) ` +
        `is not usable: ${(err as Error).message}`,
    );
  }
}

/** Drops a keyspace (tests). */
export async function dropKeyspace(s: CassandraSettings): Promise<void> {
  const admin = new cassandra.Client(clientOptions(s));
  try {
    await admin.connect();
    await admin.execute(`drop keyspace if exists ${s.keyspace}`, [], { prepare: false });
  } finally {
    await admin.shutdown().catch(() => {});
  }
}

/** Every row of a query, page by page (the driver's paging state carries on where the last page ended). */
export async function allRows(
  client: CassandraClient,
  query: string,
  params: unknown[],
  fetchSize = 500,
): Promise<CqlRow[]> {
  const rows: CqlRow[] = [];
  for await (const row of await client.execute(query, params, { prepare: true, fetchSize })) rows.push(row);
  return rows;
}

export async function oneRow(client: CassandraClient, query: string, params: unknown[]): Promise<CqlRow | null> {
  return (await client.execute(query, params, { prepare: true })).first() ?? null;
}

/** A conditional write (lightweight transaction): whether it applied, and the row as it is when it did not. */
export async function conditional(
  client: CassandraClient,
  query: string,
  params: unknown[],
): Promise<{ applied: boolean; current: CqlRow | null }> {
  const result = await client.execute(query, params, { prepare: true });
  return { applied: result.wasApplied(), current: result.wasApplied() ? null : (result.first() ?? null) };
}

const outage = new Set<number>([
  responseErrorCodes.unavailableException,
  responseErrorCodes.overloaded,
  responseErrorCodes.isBootstrapping,
  responseErrorCodes.writeTimeout,
  responseErrorCodes.readTimeout,
]);

/**
 * An unreachable or overloaded cluster, or a timeout (including one of a conditional write, whose outcome is then
 * unknown): 503, and the client tries again, which the stores make safe. Anything else stays unexpected.
 */
export function cassandraError(err: unknown): AppError | null {
  const { errors } = cassandra;
  if (err instanceof errors.NoHostAvailableError || err instanceof errors.OperationTimedOutError) {
    return unavailable("The Cassandra cluster is unavailable; try again shortly");
  }
  if (err instanceof errors.ResponseError && outage.has(err.code))
    return unavailable("The Cassandra cluster is unavailable; try again shortly");
  return null;
}

/**
 * A table as data: its columns (name -> CQL type), primary key and clustering order. DDL and statements come from it.
 */
export interface CqlTable {
  columns: Record<string, string>;
  /** e.g. "(id)" or "((job_id), created_at, id)". */
  primaryKey: string;
  /** e.g. "created_at desc, id desc". */
  clusteringOrder?: string;
}

export function tableDdl(keyspace: string, name: string, t: CqlTable): string {
  const columns = Object.entries(t.columns)
    .map(([c, type]) => `${c} ${type}`)
    .join(", ");
  const order = t.clusteringOrder ? ` with clustering order by (${t.clusteringOrder})` : "";
  return `create table if not exists ${keyspace}.${name} (${columns}, primary key ${t.primaryKey})${order}`;
}

export function typeDdl(keyspace: string, name: string, fields: Record<string, string>): string {
  return `create type if not exists ${keyspace}.${name} (${Object.entries(fields)
    .map(([f, type]) => `${f} ${type}`)
    .join(", ")})`;
}

/** `insert into <table> (<every column>) values (?, …) <suffix>`; bind `valuesOf(table, record)`. */
export function insertCql(name: string, t: CqlTable, suffix = ""): string {
  const columns = Object.keys(t.columns);
  const values = columns.map(() => "?").join(", ");
  return `insert into ${name} (${columns.join(", ")}) values (${values})${suffix ? ` ${suffix}` : ""}`;
}

/** The record's values in the table's column order (absent ones undefined: left unset, so no tombstones). */
export function valuesOf(t: CqlTable, record: Record<string, unknown>): unknown[] {
  return Object.keys(t.columns).map((c) => record[c]);
}

/**
 * A write time in microseconds (for `using timestamp`): the later state of a row wins whatever order writes land in.
 */
export const micros = (at: Date) => at.getTime() * 1000;

/** A decimal as the store's exact string with two decimals ("500.00"), whatever the driver hands back. */
export function decimalText(value: unknown): string {
  const text = String(value);
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${(fraction + "00").slice(0, Math.max(2, fraction.length))}`;
}

/** Oldest first or newest first, ties by id as PostgreSQL orders uuids (byte order = lower-case hex order). */
export function byCreation<T extends { created_at: Date; id: string }>(rows: T[], direction: "asc" | "desc"): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return rows.sort(
    (a, b) => sign * (a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}
