import { afterAll, describe, expect, it } from "bun:test";
import Redis from "ioredis";
import { RedisCache } from "../../svc/runtime/cache.ts";
import { createLogger } from "../../svc/runtime/log.ts";
import { newNamespace, removeNamespace, waitFor } from "../support/stack.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const ns = newNamespace();
const url = infrastructure().redisUrl;
const log = createLogger({ service: "cache-test" }, { level: "fatal" });
const cache = new RedisCache(url, `${ns}:test:`, log);
const redis = new Redis(url);
afterAll(async () => {
  await cache.release();
  redis.disconnect();
  await removeNamespace(ns);
});

describe("read-through cache", () => {
  it("serves the second read from Redis without calling the loader", async () => {
    await waitFor("redis", () => cache.healthy);
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.getOrLoad("a", 60, load)).toEqual({ n: 1 });
    await waitFor("the value to be cached", async () => (await redis.get(`${ns}:test:a`)) !== null);
    expect(await cache.getOrLoad("a", 60, load)).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it("does not put back a value loaded before an invalidation that happened during the load", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowRead = cache.getOrLoad("b", 60, async () => {
      await gate;
      return { version: "old" };
    });
    await Bun.sleep(20);
    await cache.invalidateNow(["b"]); // a write committed while the slow read was loading
    release();
    expect(await slowRead).toEqual({ version: "old" });
    await Bun.sleep(50);
    expect(await redis.get(`${ns}:test:b`)).toBeNull();
    // The next read loads the new state and caches it.
    expect(await cache.getOrLoad("b", 60, async () => ({ version: "new" }))).toEqual({ version: "new" });
    await waitFor("the new value to be cached", async () => (await redis.get(`${ns}:test:b`)) !== null);
    expect(JSON.parse((await redis.get(`${ns}:test:b`))!)).toEqual({ version: "new" });
  });

  it("drops the key on invalidation", async () => {
    await cache.getOrLoad("c", 60, async () => 1);
    await waitFor("cached", async () => (await redis.get(`${ns}:test:c`)) !== null);
    await cache.invalidateNow(["c"]);
    expect(await redis.get(`${ns}:test:c`)).toBeNull();
  });

  it("drops every key of one invalidation and changes each one's generation", async () => {
    const keys = ["d1", "d2", "d3"];
    for (const k of keys) await cache.getOrLoad(k, 60, async () => k);
    await waitFor("cached", async () => (await redis.exists(...keys.map((k) => `${ns}:test:${k}`))) === keys.length);
    const before = await Promise.all(keys.map((k) => cache.generation(k)));
    await cache.invalidateNow(keys);
    expect(await redis.exists(...keys.map((k) => `${ns}:test:${k}`))).toBe(0);
    const after = await Promise.all(keys.map((k) => cache.generation(k)));
    for (const i of keys.keys()) expect(after[i]).not.toBe(before[i]);
    expect(await redis.ttl(`${ns}:test:d1#gen`)).toBeGreaterThan(3000);
  });
});
