// Prometheus scrapes every component; Grafana is provisioned with a datasource and a dashboard that uses
// only the metric names the components export.
import { describe, expect, it } from "bun:test";
import { SERVICES } from "./fixtures/stackConfig.ts";

const EXPORTED = [
  "workup_http_requests_total",
  "workup_http_request_duration_seconds",
  "workup_http_in_flight",
  "workup_upstream_timeouts_total",
  "workup_messages_total",
  "workup_message_duration_seconds",
  "workup_in_flight",
  "workup_concurrency_limit",
  "workup_frozen",
  "workup_cache_requests_total",
  "workup_db_pool_in_use",
  "workup_db_pool_max",
  "workup_autoscaler_replicas",
  "workup_autoscaler_decisions_total",
];

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: Array<{ names: string[]; type: string; port: number }>;
}

const prometheus = Bun.YAML.parse(await Bun.file("compose/prometheus.yml").text()) as {
  scrape_configs: ScrapeConfig[];
};
const dashboard = await Bun.file("compose/grafana/dashboards/workup.json").json();
const exprs: string[] = dashboard.panels.flatMap((p: { targets?: Array<{ expr: string }> }) =>
  (p.targets ?? []).map((t) => t.expr),
);

/** name:port pairs Prometheus discovers through Swarm DNS. */
const discovered = prometheus.scrape_configs.flatMap((job) =>
  (job.dns_sd_configs ?? []).flatMap((sd) => sd.names.map((n) => `${n}:${sd.port}`)),
);

describe("prometheus.yml", () => {
  it(
    "discovers every replica of the gateway, media, services, autoscaler, RabbitMQ and " +
      "cAdvisor through tasks.<service>",
    () => {
      expect(discovered.sort()).toEqual(
        [
          "tasks.autoscaler:9100",
          "tasks.cadvisor:8080",
          "tasks.gateway:9100",
          "tasks.media:9100",
          "tasks.rabbitmq:15692",
          ...SERVICES.map((s) => `tasks.${s}:9100`),
        ].sort(),
      );
      expect(prometheus.scrape_configs.every((j) => (j.dns_sd_configs ?? []).every((sd) => sd.type === "A"))).toBe(
        true,
      );
    },
  );

  it(
    "scrapes the gateway and media on their internal METRICS_PORT, which no compose or stack " + "file publishes",
    async () => {
      for (const file of ["compose/compose.yaml", "compose/stack.yaml"]) {
        const spec = Bun.YAML.parse(await Bun.file(file).text()) as {
          services: Record<string, { environment: Record<string, string>; ports: unknown[] }>;
        };
        for (const name of ["gateway", "media"]) {
          const service = spec.services[name]!;
          expect([file, name, service.environment.METRICS_PORT]).toEqual([file, name, "9100"]);
          expect(JSON.stringify(service.ports)).not.toContain("9100");
        }
      }
    },
  );

  it("reads RabbitMQ's per-object endpoint so queue depth is labelled by queue", () => {
    expect(prometheus.scrape_configs.find((j) => j.job_name === "rabbitmq")?.metrics_path).toBe("/metrics/per-object");
  });
});

describe("grafana provisioning", () => {
  it("points the dashboard at the provisioned Prometheus datasource", async () => {
    const datasources = Bun.YAML.parse(
      await Bun.file("compose/grafana/provisioning/datasources/prometheus.yaml").text(),
    ) as {
      datasources: Array<{ uid: string; url: string; type: string }>;
    };
    expect(datasources.datasources[0]).toMatchObject({
      uid: "prometheus",
      type: "prometheus",
      url: "http://prometheus:9090",
    });
    const uids = new Set(
      dashboard.panels
        .filter((p: { type: string }) => p.type !== "row")
        .map((p: { datasource: { uid: string } }) => p.datasource.uid),
    );
    expect([...uids]).toEqual(["prometheus"]);
    const provider = Bun.YAML.parse(await Bun.file("compose/grafana/provisioning/dashboards/workup.yaml").text()) as {
      providers: Array<{ options: { path: string } }>;
    };
    expect(provider.providers[0].options.path).toBe("/etc/grafana/dashboards");
  });

  it("uses only metric names the components export", () => {
    const used = new Set(
      exprs.flatMap((e) => e.match(/\bworkup_[a-z_]+/g) ?? []).map((m) => m.replace(/_(bucket|sum|count)$/, "")),
    );
    expect([...used].filter((m) => !EXPORTED.includes(m))).toEqual([]);
    // Every gateway and service metric appears somewhere on the dashboard.
    expect(EXPORTED.filter((m) => !m.startsWith("workup_autoscaler") && !used.has(m))).toEqual([]);
  });

  it("shows request rate, latency percentiles, errors, queue depth and replicas", () => {
    const titles = dashboard.panels.map((p: { title: string }) => p.title.toLowerCase()).join(" | ");
    for (const topic of ["requests per second", "latency", "errors", "queue depth", "replicas"])
      expect(titles).toContain(topic);
    expect(exprs.some((e) => e.includes("histogram_quantile(0.99"))).toBe(true);
    expect(exprs.some((e) => e.includes("rabbitmq_queue_messages_ready"))).toBe(true);
  });
});
