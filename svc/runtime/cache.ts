// Read-through Redis cache with TTL and explicit invalidation. Redis being down never fails a command:
// reads go to the database, and invalidations that could not be sent are retried when Redis returns.
import Redis from "ioredis";
import type { Logger } from "./log.ts";

// Each key has a generation counter, bumped by every invalidation: a loader that started before an
// invalidation must not put its (possibly stale) value back.
const genSuffix = "#gen";
const setIfSameGeneration = `
local gen = redis.call('GET', KEYS[2]) or ''
if gen ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1`;
// Every key given: drop its value and bump its generation (kept an hour), all at once like a MULTI, but one command.
const dropAndBump = `
for _, key in ipairs(KEYS) do
  redis.call('DEL', key)
  redis.call('INCR', key .. '${genSuffix}')
  redis.call('EXPIRE', key .. '${genSuffix}', 3600)
end
return #KEYS`;

/** A connection that knows the scripts (sent by their SHA once Redis has them: EVALSHA, not the text every time). */
type ScriptedRedis = Redis & {
  setIfSameGeneration(key: string, genKey: string, value: string, ttl: string, gen: string): Promise<number>;
  dropAndBump(keyCount: number, ...keys: string[]): Promise<number>;
};

export interface CacheStats {
  hit(): void;
  miss(): void;
  error(): void;
}

export interface Cache {
  getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  /** Changes with every invalidation of `key`; "none" while the cache cannot be trusted (load, do not store). */
  generation(key: string): Promise<string>;
  /** Drop keys. In a write command this happens after the transaction commits. */
  invalidate(...keys: string[]): void;
}

export class RedisCache implements Cache {
  private redis: ScriptedRedis;
  private unsent = new Set<string>();
  private warned = false;

  constructor(
    url: string,
    private prefix: string,
    private log: Logger,
    private stats?: CacheStats,
    /** Told every invalidation as it happens (the service announces them to the gateways' edge caches). */
    private invalidated: (keys: string[]) => void = () => {},
  ) {
    this.redis = this.connect(url);
  }

  private connect(url: string): ScriptedRedis {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
      enableAutoPipelining: true, // commands issued in the same tick share one socket write
    });
    redis.on("error", () => {}); // reported once through `down()`; ioredis retries by itself
    redis.on("ready", () => void this.recovered());
    redis.defineCommand("setIfSameGeneration", { numberOfKeys: 2, lua: setIfSameGeneration });
    redis.defineCommand("dropAndBump", { lua: dropAndBump }); // the key count comes with each call
    return redis as ScriptedRedis;
  }

  get healthy(): boolean {
    return this.redis.status === "ready";
  }

  private down(err: unknown) {
    this.stats?.error();
    this.warnOnce((err as Error).message);
  }

  private warnOnce(reason: string) {
    if (!this.warned) this.log.warn("cache unavailable; serving from the database", { err: reason });
    this.warned = true;
  }

  private async recovered() {
    if (this.unsent.size) {
      const keys = [...this.unsent];
      try {
        await this.send(keys);
      } catch {
        return;
      }
      for (const k of keys) this.unsent.delete(k);
    }
    if (this.warned) this.log.info("cache available again");
    this.warned = false;
  }

  /** The key's generation: it changes with every invalidation of the key (keys of a family can embed it). */
  async generation(key: string): Promise<string> {
    if (!this.healthy || this.unsent.size) return "none";
    try {
      return (await this.redis.get(this.prefix + key + genSuffix)) ?? "0";
    } catch (err) {
      this.down(err);
      return "none";
    }
  }

  async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    // While invalidations are pending, a cached value might be stale: bypass until they are sent.
    if (!this.healthy) {
      this.warnOnce(`Redis connection ${this.redis.status}`);
      return load();
    }
    if (this.unsent.size) return load();
    const k = this.prefix + key;
    let generation: string | null;
    try {
      const [hit, gen] = await this.redis.mget(k, k + genSuffix);
      if (hit !== null) {
        this.stats?.hit();
        return JSON.parse(hit) as T;
      }
      generation = gen;
    } catch (err) {
      this.down(err);
      return load();
    }
    this.stats?.miss();
    const value = await load();
    if (value !== undefined && value !== null) {
      // Set only if no invalidation happened while loading; otherwise the value may predate that write.
      this.redis
        .setIfSameGeneration(k, k + genSuffix, JSON.stringify(value), String(ttlSeconds), generation ?? "")
        .catch((err) => this.down(err));
    }
    return value;
  }

  invalidate(...keys: string[]): void {
    void this.invalidateNow(keys);
  }

  async invalidateNow(keys: string[]): Promise<void> {
    if (!keys.length) return;
    this.invalidated(keys);
    if (!this.healthy) {
      for (const k of keys) this.unsent.add(k);
      this.warnOnce(`Redis connection ${this.redis.status}`);
      return;
    }
    try {
      await this.send(keys);
    } catch (err) {
      for (const k of keys) this.unsent.add(k);
      this.down(err);
    }
  }

  private async send(keys: string[]): Promise<void> {
    await this.redis.dropAndBump(keys.length, ...keys.map((key) => this.prefix + key));
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
  generation(key: string) {
    return this.inner.generation(key);
  }
  invalidate(...keys: string[]) {
    this.pending.push(...keys);
  }
  flush(): Promise<void> {
    return this.inner.invalidateNow(this.pending);
  }
}
