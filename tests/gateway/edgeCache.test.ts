// The gateway's edge cache on its own (gw/edgeCache.ts): tags, the byte budget, answers that loaded across a drop,
// expiry, and serving only while subscribed to invalidations. Its metrics are the Prometheus ones the gateway serves.
import { describe, expect, it } from "bun:test";
import { Registry } from "../../svc/runtime/prometheus.ts";
import { EdgeCache, edgeCacheMetrics } from "../../gw/edgeCache.ts";

function cacheWith(budget: number, now = () => 1_000) {
  const registry = new Registry();
  const cache = new EdgeCache(budget, now);
  cache.observe(edgeCacheMetrics(registry, cache));
  cache.enable();
  const metric = async (name: string) =>
    Number(
      (await registry.metrics())
        .split("\n")
        .find((l) => l.startsWith(`${name} `))!
        .split(" ")[1],
    );
  return { cache, metric };
}

describe("the edge cache", () => {
  it("answers what it keeps until a tag of the entry is dropped, and counts hits and misses", async () => {
    const { cache, metric } = cacheWith(1 << 20);
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", '{"id":1}', ["jobs:job:1", "jobs:*"], 30, cache.loading());
    cache.set("b", '{"id":2}', ["jobs:job:2", "jobs:*"], 30, cache.loading());
    expect(cache.get("a")).toBe('{"id":1}');
    cache.drop(["jobs:job:1"]);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBe('{"id":2}');
    cache.drop(["jobs:*"]);
    expect(cache.get("b")).toBeUndefined();
    expect(await metric("workup_edge_cache_hits_total")).toBe(2);
    expect(await metric("workup_edge_cache_misses_total")).toBe(3);
    expect(await metric("workup_edge_cache_entries")).toBe(0);
    expect(await metric("workup_edge_cache_bytes")).toBe(0);
  });

  it("does not keep an answer that loaded while a drop happened (it may predate the write)", () => {
    const { cache } = cacheWith(1 << 20);
    const loadedAt = cache.loading();
    cache.drop(["jobs:job:9"]); // any drop: the loader cannot know which write it raced
    cache.set("a", "{}", ["jobs:job:1"], 30, loadedAt);
    expect(cache.get("a")).toBeUndefined();
  });

  it("stays within its byte budget, dropping the least recently used first, and counts evictions", async () => {
    const { cache, metric } = cacheWith(4_000);
    const body = "x".repeat(300);
    for (const key of ["k1", "k2", "k3", "k4"]) cache.set(key, body, [`t:${key}`], 30, cache.loading());
    expect(cache.get("k1")).toBe(body); // k1 is now the most recent: k2 goes first
    for (const key of ["k5", "k6", "k7"]) cache.set(key, body, [`t:${key}`], 30, cache.loading());
    expect(cache.bytes).toBeLessThanOrEqual(4_000);
    expect(cache.get("k2")).toBeUndefined();
    expect(cache.get("k1")).toBe(body);
    expect(cache.get("k7")).toBe(body);
    expect(await metric("workup_edge_cache_evictions_total")).toBeGreaterThan(0);
    expect(await metric("workup_edge_cache_bytes")).toBe(cache.bytes);
    cache.set("huge", "y".repeat(1_000), ["t:huge"], 30, cache.loading()); // with its overhead, over a quarter of it
    expect(cache.get("huge")).toBeUndefined();
  });

  it("forgets an answer after its time to live", () => {
    let now = 1_000;
    const { cache } = cacheWith(1 << 20, () => now);
    cache.set("a", "{}", [], 30, cache.loading());
    now += 29_000;
    expect(cache.get("a")).toBe("{}");
    now += 1_000;
    expect(cache.get("a")).toBeUndefined();
  });

  it("lets go of expired answers nobody asks for again when swept, keeping the fresh ones", async () => {
    let now = 1_000;
    const { cache, metric } = cacheWith(1 << 20, () => now);
    cache.set("old", "{}", ["jobs:job:1"], 30, cache.loading());
    now += 20_000;
    cache.set("new", "{}", ["jobs:job:2"], 30, cache.loading());
    now += 10_000;
    cache.sweep();
    expect(cache.size).toBe(1);
    expect(await metric("workup_edge_cache_bytes")).toBe(cache.bytes);
    expect(cache.get("new")).toBe("{}");
    now += 20_000;
    cache.sweep();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("serves nothing and empties itself when disabled (broker lost), and starts empty when enabled again", async () => {
    const { cache, metric } = cacheWith(1 << 20);
    cache.set("a", "{}", ["t"], 30, cache.loading());
    cache.disable();
    expect(await metric("workup_edge_cache_enabled")).toBe(0);
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", "{}", ["t"], 30, cache.loading()); // not kept while off
    cache.enable();
    expect(await metric("workup_edge_cache_enabled")).toBe(1);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps exactly the most recently used answers through a long run of misses, evictions, hits and drops", () => {
    const { cache } = cacheWith(20_000);
    const body = "x".repeat(300);
    const keyOf = (i: number) => `k${i}`;
    for (let i = 0; i < 5_000; i++) {
      cache.set(keyOf(i), body, [`t:${i % 7}`], 30, cache.loading());
      if (i % 10 === 0) cache.get(keyOf(0)); // k0 stays the most recently read
    }
    const held = Array.from({ length: 5_000 }, (_, i) => keyOf(i)).filter((k) => cache.get(k) !== undefined);
    expect(held.length).toBe(cache.size);
    expect(held[0]).toBe("k0");
    expect(held.slice(1)).toEqual(
      Array.from({ length: held.length - 1 }, (_, i) => keyOf(5_000 - held.length + 1 + i)),
    );
    expect(cache.bytes).toBeLessThanOrEqual(20_000);
    cache.drop(["t:3"]);
    expect(cache.size).toBe(held.filter((k) => Number(k.slice(1)) % 7 !== 3).length);
    for (const k of held) cache.drop([`t:${Number(k.slice(1)) % 7}`]);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
