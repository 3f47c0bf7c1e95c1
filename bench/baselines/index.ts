// The five baselines, measured in the same run as the scenarios: their own vhost, database and Redis key,
// their own processes (an HTTP server and a worker, like the gateway and a service), all removed by stop().
import postgres from "postgres";
import Redis from "ioredis";
import { ensureVhost, deleteVhost } from "../../svc/runtime/vhost.ts";
import { launch, type Launched } from "../system/launch.ts";
import type { Watched } from "../system/procs.ts";
import { baselineJob, baselineRows, baselineTable, baselineWrites } from "./wire.ts";
import type { InfraUrls } from "../settings.ts";

export interface BaselineTarget {
  id: "ping" | "echo" | "redis" | "pg" | "insert";
  title: string;
  url: string;
  path: string;
}

export interface Baselines {
  targets: BaselineTarget[];
  watched: Watched[];
  stop(): Promise<void>;
}

const here = (file: string) => new URL(file, import.meta.url).pathname;

export async function startBaselines(infra: InfraUrls): Promise<Baselines> {
  const ns = `b_${Math.random().toString(36).slice(2, 8)}`;
  const dbUrl = new URL(infra.pgUrl);
  const admin = postgres(infra.pgUrl, { max: 1, onnotice: () => {} });
  const redis = new Redis(infra.redisUrl, { lazyConnect: true });
  const redisKey = `${ns}:baseline:job`;
  const procs: Launched[] = [];

  const stop = async () => {
    for (const p of procs.reverse()) await p.stop();
    await deleteVhost(infra.mgmtUrl, ns);
    await admin.unsafe(`drop database if exists "${ns}_baseline" with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    await redis.del(redisKey).catch(() => {});
    redis.disconnect();
  };

  try {
    if (!(await ensureVhost(infra.mgmtUrl, ns)))
      throw new Error(`could not create the RabbitMQ vhost ${ns} through ${new URL(infra.mgmtUrl).origin}`);
    await admin.unsafe(`create database "${ns}_baseline"`);
    dbUrl.pathname = `/${ns}_baseline`;
    const db = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
    await db.unsafe(`create table ${baselineTable} (id uuid primary key, body jsonb not null)`);
    await db.unsafe(`create table ${baselineWrites} (id uuid primary key, body jsonb not null)`);
    await db.unsafe(
      `insert into ${baselineTable} select gen_random_uuid(), $1::jsonb from generate_series(1, ${baselineRows})`,
      [JSON.stringify(baselineJob)],
    );
    await db.end();
    await redis.connect();
    await redis.set(redisKey, JSON.stringify(baselineJob));

    const env = {
      AMQP_URL: infra.amqpUrl,
      REDIS_URL: infra.redisUrl,
      BASELINE_VHOST: ns,
      BASELINE_REDIS_KEY: redisKey,
      BASELINE_DATABASE_URL: dbUrl.toString(),
    };
    const ping = await launch("ping baseline", here("./ping.ts"), {}, /^ready \d+/);
    procs.push(ping);
    const worker = await launch("baseline worker", here("./echoWorker.ts"), env, /^ready/);
    procs.push(worker);
    const server = await launch("baseline HTTP server", here("./echoServer.ts"), env, /^ready \d+/);
    procs.push(server);
    const url = (l: Launched) => `http://127.0.0.1:${l.line.split(" ")[1]}`;
    return {
      targets: [
        { id: "ping", title: "(1) bare Bun.serve JSON ping", url: url(ping), path: "/" },
        { id: "echo", title: "(2) HTTP -> RabbitMQ request/reply echo", url: url(server), path: "/echo" },
        { id: "redis", title: "(3) echo + one Redis GET", url: url(server), path: "/redis" },
        { id: "pg", title: "(4) echo + one PostgreSQL PK SELECT", url: url(server), path: "/pg" },
        {
          id: "insert",
          title: "(5) echo + one durable single-row INSERT transaction",
          url: url(server),
          path: "/insert",
        },
      ],
      watched: [
        { name: "ping server", pids: () => [ping.proc.pid] },
        { name: "baseline HTTP server", pids: () => [server.proc.pid] },
        { name: "baseline worker", pids: () => [worker.proc.pid] },
      ],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
