// The text Prometheus scrapes (svc/runtime/prometheus.ts): format 0.0.4, as the scraper parses it.
import { describe, expect, it } from "bun:test";
import { Counter, Gauge, Histogram, processMetrics, Registry } from "../../svc/runtime/prometheus.ts";

describe("the Prometheus exposition", () => {
  it("writes counters and gauges with HELP, TYPE, default labels and escaped label values", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: "jobs" });
    const messages = new Counter(registry, { name: "m_total", help: "Messages", labelNames: ["command", "outcome"] });
    messages.inc({ command: "getJob", outcome: "ok" });
    messages.inc({ command: "getJob", outcome: "ok" }, 2);
    messages.inc({ command: 'odd "\\name\n', outcome: "error" });
    let depth = 7;
    new Gauge(registry, { name: "depth", help: "Depth\nof it", read: async () => depth });
    expect(await registry.metrics()).toBe(
      "# HELP m_total Messages\n" +
        "# TYPE m_total counter\n" +
        'm_total{service="jobs",command="getJob",outcome="ok"} 3\n' +
        'm_total{service="jobs",command="odd \\"\\\\name\\n",outcome="error"} 1\n' +
        "# HELP depth Depth\\nof it\n" +
        "# TYPE depth gauge\n" +
        'depth{service="jobs"} 7\n',
    );
    depth = 3;
    expect(await registry.metrics()).toContain('depth{service="jobs"} 3\n');
  });

  it("writes an unlabelled metric's zero before anything is counted, and gauges that go up and down", async () => {
    const registry = new Registry();
    new Counter(registry, { name: "timeouts_total", help: "Timeouts" });
    const inFlight = new Gauge(registry, { name: "in_flight", help: "In flight" });
    inFlight.inc();
    inFlight.inc();
    inFlight.dec();
    const text = await registry.metrics();
    expect(text).toContain("\ntimeouts_total 0\n");
    expect(text).toContain("\nin_flight 1\n");
  });

  it("writes histograms with cumulative buckets, +Inf, sum and count", async () => {
    const registry = new Registry();
    const h = new Histogram(registry, {
      name: "d_seconds",
      help: "Duration",
      labelNames: ["route"],
      buckets: [0.1, 0.01, 1],
    });
    for (const s of [0.005, 0.05, 0.05, 0.5, 3]) h.observe({ route: "/a" }, s);
    expect(await registry.metrics()).toBe(
      "# HELP d_seconds Duration\n" +
        "# TYPE d_seconds histogram\n" +
        'd_seconds_bucket{route="/a",le="0.01"} 1\n' +
        'd_seconds_bucket{route="/a",le="0.1"} 3\n' +
        'd_seconds_bucket{route="/a",le="1"} 4\n' +
        'd_seconds_bucket{route="/a",le="+Inf"} 5\n' +
        'd_seconds_sum{route="/a"} 3.605\n' +
        'd_seconds_count{route="/a"} 5\n',
    );
  });

  it("gives the process's CPU time, resident memory and start time", async () => {
    const registry = new Registry();
    processMetrics(registry);
    const text = await registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("process_cpu_seconds_total")).toBeGreaterThan(0);
    const rss = value("process_resident_memory_bytes");
    expect(rss / process.memoryUsage.rss()).toBeWithin(0.8, 1.25);
    expect(Math.abs(value("process_start_time_seconds") - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
  });
});
