// Counters, gauges and histograms in Prometheus' text exposition format (version 0.0.4), for every process's
// /metrics. Written here instead of prom-client: that library costs each bun process about 4.5 MB of resident
// memory to load, and WorkUp uses only these three kinds and a few process figures.
type Labels = Record<string, string | number>;

interface Series<V> {
  labels: Labels;
  value: V;
}

export interface Metric {
  /** The metric's lines: HELP, TYPE and one or more samples. */
  expose(defaultLabels: Labels): Promise<string>;
}

function escapeLabel(value: string | number): string {
  return String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

const number = (n: number) => (Number.isNaN(n) ? "NaN" : n === Infinity ? "+Inf" : n === -Infinity ? "-Inf" : `${n}`);

export class Registry {
  readonly contentType = "text/plain; version=0.0.4; charset=utf-8";
  private all: Metric[] = [];
  private defaults: Labels = {};

  /** Labels every sample carries (a service's name). */
  setDefaultLabels(labels: Labels): void {
    this.defaults = labels;
  }

  register<M extends Metric>(metric: M): M {
    this.all.push(metric);
    return metric;
  }

  async metrics(): Promise<string> {
    const parts = await Promise.all(this.all.map((m) => m.expose(this.defaults)));
    return parts.join("");
  }
}

/** Series keyed by their label values, in the order of the metric's label names. */
abstract class Labelled<V> implements Metric {
  private series = new Map<string, Series<V>>();
  constructor(
    readonly name: string,
    private help: string,
    private type: "counter" | "gauge" | "histogram",
    private labelNames: readonly string[],
  ) {}

  protected abstract initial(): V;
  protected abstract samples(series: Series<V>, labels: Labels): string;

  protected at(labels: Labels = {}): Series<V> {
    const key = this.labelNames.map((n) => labels[n] ?? "").join("\u0000");
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { labels: { ...labels }, value: this.initial() }));
    return series;
  }

  /** Runs before the series are written (a gauge reads its value here). */
  protected async refresh(): Promise<void> {}

  async expose(defaults: Labels): Promise<string> {
    await this.refresh();
    let text = `# HELP ${this.name} ${this.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
    text += `# TYPE ${this.name} ${this.type}\n`;
    if (this.series.size === 0 && this.labelNames.length === 0) this.at();
    for (const series of this.series.values()) text += this.samples(series, { ...defaults, ...series.labels });
    return text;
  }
}

interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

/** A counter or gauge: one number per series; `read` gives an unlabelled one its value when scraped. */
abstract class Scalar extends Labelled<number> {
  private read?: () => number | Promise<number>;
  constructor(
    registry: Registry,
    type: "counter" | "gauge",
    { name, help, labelNames = [], read }: MetricOptions & { read?: () => number | Promise<number> },
  ) {
    super(name, help, type, labelNames);
    this.read = read;
    registry.register(this);
  }
  protected initial() {
    return 0;
  }
  protected samples(series: Series<number>, labels: Labels) {
    return `${this.name}${labelText(labels)} ${number(series.value)}\n`;
  }
  protected override async refresh() {
    if (this.read) this.at().value = await this.read();
  }
}

type ScalarOptions = ConstructorParameters<typeof Scalar>[2];

export class Counter extends Scalar {
  constructor(registry: Registry, options: ScalarOptions) {
    super(registry, "counter", options);
  }
  inc(labels?: Labels, by = 1): void {
    this.at(labels).value += by;
  }
}

export class Gauge extends Scalar {
  constructor(registry: Registry, options: ScalarOptions) {
    super(registry, "gauge", options);
  }
  set(labels: Labels, value: number): void {
    this.at(labels).value = value;
  }
  inc(by = 1): void {
    this.at().value += by;
  }
  dec(by = 1): void {
    this.at().value -= by;
  }
}

interface Buckets {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Labelled<Buckets> {
  private bounds: readonly number[];
  constructor(registry: Registry, { name, help, labelNames = [], buckets }: MetricOptions & { buckets: number[] }) {
    super(name, help, "histogram", labelNames);
    this.bounds = [...buckets].sort((a, b) => a - b);
    registry.register(this);
  }
  protected initial(): Buckets {
    return { counts: this.bounds.map(() => 0), sum: 0, count: 0 };
  }
  protected samples({ value }: Series<Buckets>, labels: Labels) {
    let text = "";
    // Buckets are cumulative: each counts the observations at most its bound.
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += value.counts[i]!;
      text += `${this.name}_bucket${labelText({ ...labels, le: number(le) })} ${cumulative}\n`;
    });
    text += `${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${value.count}\n`;
    text += `${this.name}_sum${labelText(labels)} ${number(value.sum)}\n`;
    text += `${this.name}_count${labelText(labels)} ${value.count}\n`;
    return text;
  }
  observe(labels: Labels, seconds: number): void {
    const { value } = this.at(labels);
    const i = this.bounds.findIndex((le) => seconds <= le);
    if (i >= 0) value.counts[i]!++;
    value.sum += seconds;
    value.count++;
  }
}

/** The process's own figures, under the names Prometheus' client libraries use. */
export function processMetrics(registry: Registry): void {
  const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
  new Counter(registry, {
    name: "process_cpu_seconds_total",
    help: "User and system CPU time spent in seconds",
    read: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    },
  });
  new Gauge(registry, {
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes",
    read: () => process.memoryUsage.rss(),
  });
  new Gauge(registry, {
    name: "process_start_time_seconds",
    help: "Start time of the process since the epoch in seconds",
    read: () => startSeconds,
  });
}
