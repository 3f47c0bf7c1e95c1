import { afterAll, describe, expect, it } from "bun:test";
import { collectSignals } from "../../scale/signals/collect.ts";
import { cpuQuery, optionalCpu, prometheusCpu } from "../../scale/signals/prometheus.ts";
import { managementApi, type QueueStats } from "../../scale/signals/rabbit.ts";

const targets = { backlog: 20, rate: 500, cpu: 0.7 };
const stats: QueueStats = { ready: 50, unacked: 4, consumers: 2, publishRate: 300, deliverRate: 280 };

// A stand-in for the management API and Prometheus on one port.
const seen: string[] = [];
const server = Bun.serve({
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    seen.push(`${req.headers.get("authorization")} ${url.pathname}${url.search}`);
    if (url.pathname === "/api/queues/work%2Fup/queue_jobs") {
      return Response.json({
        messages_ready: 50,
        messages_unacknowledged: 4,
        consumers: 2,
        message_stats: { publish_details: { rate: 300 }, deliver_get_details: { rate: 280 } },
      });
    }
    if (url.pathname === "/api/v1/query") {
      const query = url.searchParams.get("query") ?? "";
      const value = query.includes('"workup_jobs"') ? [[1, "0.9"]] : [];
      return Response.json({
        status: "success",
        data: { resultType: "vector", result: value.map((v) => ({ metric: {}, value: v })) },
      });
    }
    return new Response("{}", { status: 404 });
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

describe("signals", () => {
  it("reads queue depth and rates with the URL's credentials as Basic auth", async () => {
    const api = managementApi(`http://guest:pa%3Ass@127.0.0.1:${server.port}`);
    expect(await api.queue("work/up", "queue_jobs")).toEqual(stats);
    expect(seen.at(-1)).toBe(`Basic ${btoa("guest:pa:ss")} /api/queues/work%2Fup/queue_jobs`);
    expect(await api.queue("work/up", "queue_missing")).toBeNull();
  });

  it("asks Prometheus for CPU per replica relative to the limit, and yields null without a limit", async () => {
    expect(cpuQuery("workup_jobs")).toContain(
      'container_spec_cpu_quota{container_label_com_docker_swarm_service_name="workup_jobs"}',
    );
    const cpu = prometheusCpu(base);
    expect(await cpu("workup_jobs")).toBe(0.9);
    expect(await cpu("workup_users")).toBeNull();
  });

  it("turns observations into backlog, rate and cpu signals", async () => {
    const queues = { queue: async () => stats };
    const { signals, observed } = await collectSignals(
      { queue: "queue_jobs", swarmService: "workup_jobs", replicas: 2 },
      { vhost: "workup", queues, cpu: async () => 0.9, targets },
    );
    expect(signals).toEqual([
      { name: "backlog", total: 54, target: 20 }, // 50 ready + 4 being worked on
      { name: "rate", total: 300, target: 500 },
      { name: "cpu", total: 1.8, target: 0.7 },
    ]);
    expect(observed).toEqual({ queue: stats, cpuUtilization: 0.9, errors: [] });
  });

  it("skips cpu outside Swarm or without Prometheus, and records failures instead of throwing", async () => {
    const failing = {
      queue: async (): Promise<QueueStats | null> => {
        throw new Error("connection refused");
      },
    };
    const { signals, observed } = await collectSignals(
      { queue: "queue_jobs", swarmService: null, replicas: 1 },
      { vhost: "workup", queues: failing, cpu: async () => 0.5, targets },
    );
    expect(signals).toEqual([]);
    expect(observed.errors).toEqual(["queue: connection refused"]);
  });

  it("scales on the queue alone while Prometheus is unreachable, saying so once and once when it is back", async () => {
    const lines: string[] = [];
    let reachable = false;
    const cpu = optionalCpu(
      async () => {
        if (!reachable) throw new Error("getaddrinfo ENOTFOUND prometheus");
        return 0.9;
      },
      (level, msg) => lines.push(`${level}: ${msg}`),
    );
    const sources = { vhost: "workup", queues: { queue: async () => stats }, cpu, targets };
    const subject = { queue: "queue_jobs", swarmService: "workup_jobs", replicas: 2 };
    for (let i = 0; i < 3; i++) {
      const { signals } = await collectSignals(subject, sources);
      expect(signals.map((s) => s.name)).toEqual(["backlog", "rate"]);
    }
    reachable = true;
    expect((await collectSignals(subject, sources)).signals.map((s) => s.name)).toEqual(["backlog", "rate", "cpu"]);
    expect(lines).toEqual([
      "warn: Prometheus unreachable: scaling on the queue signal alone",
      "info: Prometheus answers again: CPU signal back",
    ]);
  });
});
