// Read-through Redis cache with TTL and explicit invalidation. Redis being down never fails a command:
// reads go to the database, and invalidations that could not be sent are retried when Redis returns.
import Redis from "ioredis";
import type { Logger } from "./log.ts";

export interface CacheStats { hit(): void; miss(): void; error(): void }

export interface Cache {
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  /** Drop keys. In a write command this happens after the transaction commits. */
  invalidate(...keys: string[]): void;
}

export class RedisCache implements Cache {
  private redis: Redis;
  private unsent = new Set<string>();
  private warned = false;

  constructor(url: string, private prefix: string, private log: Logger, private stats?: CacheStats) {
    this.redis = this.connect(url);
  }

  private connect(url: string): Redis {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    });
    redis.on("error", () => {}); // reported once through `down()`; ioredis retries by itself
    redis.on("ready", () => void this.recovered());
    return redis;
  }

  get healthy(): boolean {
    return this.redis.status === "ready";
  }

  private down(err: unknown) {
    this.stats?.error();
    if (!this.warned) this.log.warn("cache unavailable; serving from the database", { err: (err as Error).message });
    this.warned = true;
  }

  private async recovered() {
    if (this.unsent.size) {
      const keys = [...this.unsent];
      try {
        await this.redis.del(...keys.map((k) => this.prefix + k));
        for (const k of keys) this.unsent.delete(k);
      } catch { return; }
    }
    if (this.warned) this.log.info("cache available again");
    this.warned = false;
  }

  async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    // While invalidations are pending, a cached value might be stale: bypass until they are sent.
    if (!this.healthy || this.unsent.size) return load();
    try {
      const hit = await this.redis.get(this.prefix + key);
      if (hit !== null) {
        this.stats?.hit();
        return JSON.parse(hit) as T;
      }
    } catch (err) {
      this.down(err);
      return load();
    }
    this.stats?.miss();
    const value = await load();
    if (value !== undefined && value !== null) {
      this.redis.set(this.prefix + key, JSON.stringify(value), "EX", ttlSeconds).catch((err) => this.down(err));
    }
    return value;
  }

  invalidate(...keys: string[]): void {
    void this.invalidateNow(keys);
  }

  async invalidateNow(keys: string[]): Promise<void> {
    if (!keys.length) return;
    if (!this.healthy) {
      for (const k of keys) this.unsent.add(k);
      return;
    }
    try {
      await this.redis.del(...keys.map((k) => this.prefix + k));
    } catch (err) {
      for (const k of keys) this.unsent.add(k);
      this.down(err);
    }
  }

  /** Freeze: let go of the connection. */
  async release(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  reconnect(url: string): void {
    this.redis = this.connect(url);
  }
}

/** Within a write command: invalidations wait for the commit. */
export class DeferredCache implements Cache {
  readonly pending: string[] = [];
  constructor(private inner: RedisCache) {}
  getOrLoad<T>(key: string, ttl: number, load: () => Promise<T>) {
    return this.inner.getOrLoad(key, ttl, load);
  }
  invalidate(...keys: string[]) {
    this.pending.push(...keys);
  }
  flush(): Promise<void> {
    return this.inner.invalidateNow(this.pending);
  }
}
