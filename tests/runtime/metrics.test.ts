// What Prometheus scrapes: a service replica's /metrics and the gateway's, after real traffic through the stack.
import { beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { readFileSync } from "node:fs";
import { waitFor } from "../support/stack.ts";
import { registerClient, type Account } from "../support/api.ts";
import { job } from "../support/marketplace.ts";

// Reads must reach the replica to be counted there: the gateway's edge cache is off.
const { stack, api: a } = useStack({ services: ["users", "jobs"], env: { LOG_LEVEL: "info", EDGE_CACHE_BYTES: "0" } });
let client: Account;
beforeAll(async () => {
  client = await registerClient(a);
});

/** The value of the series `name` whose labels include `labels` (in any order, among others), NaN when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(m[3]);
  }
  return Number.NaN;
}

/** The port the jobs replica announced in its "service ready" log line; 0 until it has. */
function jobsMetricsPort(): number {
  const proc = stack.procs.find((p) => p.service === "jobs")!;
  for (const line of readFileSync(proc.log, "utf8").split("\n")) {
    try {
      const entry = JSON.parse(line);
      if (entry.msg === "service ready") return entry.metricsPort;
    } catch {
      /* not a log line */
    }
  }
  return 0;
}

describe("Prometheus metrics", () => {
  it(
    "counts a replica's messages by command and outcome, their handling time, cache hits and " +
      "misses, and its limits",
    async () => {
      const created = await a.post("/api/v1/jobs", job(), client.token);
      expect(created.status).toBe(201);
      for (let i = 0; i < 3; i++)
        expect((await a.get(`/api/v1/jobs/${created.body.id}`, client.token)).status).toBe(200);
      expect((await a.get(`/api/v1/jobs/${crypto.randomUUID()}`, client.token)).status).toBe(404);

      await waitFor("the jobs replica's metrics port in its log", () => jobsMetricsPort() > 0, 10_000);
      const port = jobsMetricsPort();
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, "workup_messages_total", { command: "createJob", outcome: "ok" })).toBe(1);
      expect(sample(text, "workup_messages_total", { command: "getJob", outcome: "ok" })).toBe(3);
      expect(sample(text, "workup_messages_total", { command: "getJob", outcome: "rejected" })).toBe(1);
      expect(sample(text, "workup_message_duration_seconds_count", { command: "getJob" })).toBe(4);
      // The first read misses and fills the cache (asynchronously, so the next may miss too); later ones hit.
      const hits = sample(text, "workup_cache_requests_total", { result: "hit" }),
        misses = sample(text, "workup_cache_requests_total", { result: "miss" });
      expect(hits).toBeGreaterThanOrEqual(1);
      expect(misses).toBeGreaterThanOrEqual(1);
      expect(hits + misses).toBeGreaterThanOrEqual(3);
      expect(sample(text, "workup_concurrency_limit")).toBe(50);
      expect(sample(text, "workup_frozen")).toBe(0);
      expect(sample(text, "workup_in_flight")).toBe(0);
      expect(sample(text, "workup_db_pool_max")).toBe(10);
      expect(sample(text, "workup_db_pool_in_use")).toBeGreaterThanOrEqual(0);
    },
  );

  it("exports every gateway and service metric the Grafana dashboard queries", async () => {
    const dashboard = await Bun.file("compose/grafana/dashboards/workup.json").json();
    const queried = new Set<string>(
      JSON.stringify(dashboard)
        .match(/workup_[a-z_]+/g)!
        .map((m) => m.replace(/_(bucket|count|sum)$/, "")),
    );
    const exported =
      (await fetch(`http://127.0.0.1:${jobsMetricsPort()}/metrics`).then((r) => r.text())) +
      (await fetch(stack.gatewayMetricsUrl()).then((r) => r.text()));
    const missing = [...queried].filter(
      (name) => !name.startsWith("workup_autoscaler_") && !exported.includes(`# TYPE ${name} `),
    );
    expect(queried.size).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it(
    "counts the gateway's requests by route and status, with a latency histogram and the " + "in-flight gauge",
    async () => {
      const created = await a.post("/api/v1/jobs", job(), client.token);
      expect((await a.get(`/api/v1/jobs/${created.body.id}`, client.token)).status).toBe(200);
      expect((await fetch(`${stack.url}/metrics`)).status).toBe(404); // only on the internal port
      const text = await (await fetch(stack.gatewayMetricsUrl())).text();
      expect(
        sample(text, "workup_http_requests_total", { route: "/api/v1/jobs/:id", method: "GET", status: "200" }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, "workup_http_requests_total", { route: "/api/v1/jobs", method: "POST", status: "201" }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, "workup_http_request_duration_seconds_count", { route: "/api/v1/jobs/:id", method: "GET" }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, "workup_http_request_duration_seconds_bucket", {
          le: "+Inf",
          route: "/api/v1/jobs/:id",
          method: "GET",
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(text, "workup_http_in_flight")).toBeGreaterThanOrEqual(0);
    },
  );
});
