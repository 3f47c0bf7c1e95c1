// Run by entrypoint.sh before a component starts: waits until the hosts it needs accept TCP connections
// (broker, Redis, its database), so a task started before its database waits instead of crash-looping and
// a rollout is not judged failed. Logs each missing dependency once every 10 s; no time limit (the
// container's healthcheck start period and Swarm's restart policy bound it).
import { connect } from "node:net";
import { setting } from "../svc/runtime/config.ts";

const needs: Record<string, string[]> = {
  gateway: ["AMQP_URL"],
  users: ["AMQP_URL", "REDIS_URL", "USERS_DATABASE_URL"],
  jobs: ["AMQP_URL", "REDIS_URL", "JOBS_DATABASE_URL"],
  contracts: ["AMQP_URL", "REDIS_URL", "CONTRACTS_DATABASE_URL"],
  payments: ["AMQP_URL", "REDIS_URL", "PAYMENTS_DATABASE_URL"],
  autoscaler: ["RABBITMQ_MGMT_URL"],
};
const defaultPorts: Record<string, number> = { "amqp:": 5672, "redis:": 6379, "postgres:": 5432, "http:": 80 };

function target(name: string): { name: string; host: string; port: number } | null {
  const raw = setting(name);
  if (!raw) return null;
  const url = new URL(raw);
  return { name, host: url.hostname, port: Number(url.port) || defaultPorts[url.protocol] || 0 };
}

const reachable = (host: string, port: number) =>
  new Promise<string | null>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(null);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timeout");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

const component = process.env.COMPONENT ?? "";
const targets = (needs[component] ?? []).map(target).filter((t) => t !== null && t.port > 0) as {
  name: string;
  host: string;
  port: number;
}[];
for (const t of targets) {
  let lastLog = 0;
  for (;;) {
    const error = await reachable(t.host, t.port);
    if (error === null) break;
    if (Date.now() - lastLog >= 10_000) {
      lastLog = Date.now();
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: "info",
          service: component,
          msg: "waiting for a dependency",
          dependency: t.name,
          address: `${t.host}:${t.port}`,
          error,
        }),
      );
    }
    await Bun.sleep(1_000);
  }
}
