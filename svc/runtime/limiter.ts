// In-process concurrency limit whose size can change while requests run (setMaxThreads).
export class Limiter {
  private active = 0;
  private waiting: Array<() => void> = [];

  constructor(private max: number) {}

  get limit() {
    return this.max;
  }
  get inFlight() {
    return this.active;
  }

  acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  release(): void {
    this.active--;
    this.pump();
  }

  setLimit(max: number): void {
    if (!Number.isInteger(max) || max < 1) throw new Error("the concurrency limit must be a positive integer");
    this.max = max;
    this.pump();
  }

  /** Resolves when nothing is running. */
  async idle(): Promise<void> {
    while (this.active > 0 || this.waiting.length > 0) await Bun.sleep(10);
  }

  private pump() {
    while (this.active < this.max && this.waiting.length) this.waiting.shift()!();
  }
}
