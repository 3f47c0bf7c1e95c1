// Latency samples (ms) and their percentiles, for the load shapes autocannon does not summarise itself.
export class Latencies {
  private values: number[] = [];
  add(ms: number) {
    this.values.push(ms);
  }
  get count() {
    return this.values.length;
  }
  merge(other: Latencies) {
    for (const v of other.values) this.values.push(v);
  }
  percentile(p: number): number {
    if (!this.values.length) return 0;
    const sorted = Float64Array.from(this.values).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
  max(): number {
    return this.values.reduce((a, b) => Math.max(a, b), 0);
  }
}
