// The gateway's edge cache: answers of cacheable GET routes (declared in the route table) kept in this process, so a
// hit never crosses the broker. Entries carry tags, the services' cache keys ("jobs:job:<id>"): a service announces
// every key it invalidates (gw/edgeInvalidations.ts) and a write's reply names its own, and the entries tagged with
// them go. Bounded by a byte budget (least recently used first). Off until the invalidations are subscribed, and off
// again (emptied) whenever the broker connection is lost: what was missed meanwhile cannot be served.
import { Counter, Gauge, type Registry } from "../svc/runtime/prometheus.ts";

/** Entries are also a doubly linked list, least recently used first: moving or evicting one never walks a Map. */
interface Entry {
  key: string;
  body: string;
  tags: string[];
  expiresAt: number;
  bytes: number;
  older?: Entry;
  newer?: Entry;
}

export interface EdgeCacheMetrics {
  hits: Counter;
  misses: Counter;
  evictions: Counter;
}

export function edgeCacheMetrics(registry: Registry, edge: EdgeCache): EdgeCacheMetrics {
  const counter = (name: string, help: string) => new Counter(registry, { name, help });
  const gauge = (name: string, help: string, value: (c: EdgeCache) => number) =>
    new Gauge(registry, { name, help, read: () => value(edge) });
  gauge("workup_edge_cache_bytes", "Bytes held by the gateway's edge cache", (c) => c.bytes);
  gauge("workup_edge_cache_entries", "Answers held by the gateway's edge cache", (c) => c.size);
  gauge("workup_edge_cache_enabled", "1 while the edge cache serves (subscribed to invalidations)", (c) =>
    c.enabled ? 1 : 0,
  );
  return {
    hits: counter("workup_edge_cache_hits_total", "GETs answered from the gateway's edge cache"),
    misses: counter("workup_edge_cache_misses_total", "Cacheable GETs that went to their service"),
    evictions: counter("workup_edge_cache_evictions_total", "Edge cache entries dropped for the byte budget"),
  };
}

export class EdgeCache {
  private entries = new Map<string, Entry>();
  private oldest?: Entry;
  private newest?: Entry;
  private byTag = new Map<string, Set<string>>();
  bytes = 0;
  enabled = false;
  /** Bumped by every drop: an answer loaded before a drop may predate the write behind it, so it is not kept. */
  private generation = 0;

  private metrics?: EdgeCacheMetrics;

  constructor(
    readonly budgetBytes: number,
    private now: () => number = Date.now,
  ) {}

  /** Counts hits, misses and evictions from now on. */
  observe(metrics: EdgeCacheMetrics): void {
    this.metrics = metrics;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A fresh answer for `key`, or undefined (then call `loading` before asking the service). */
  get(key: string): string | undefined {
    const entry = this.enabled ? this.entries.get(key) : undefined;
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.remove(entry);
      this.metrics?.misses.inc();
      return undefined;
    }
    this.unlink(entry);
    this.append(entry);
    this.metrics?.hits.inc();
    return entry.body;
  }

  /** Taken before asking the service; `set` keeps the answer only if nothing was dropped since. */
  loading(): number {
    return this.generation;
  }

  set(key: string, body: string, tags: string[], ttlSeconds: number, loadedAt: number): void {
    if (!this.enabled || loadedAt !== this.generation) return;
    // What the entry holds, with what keeping it costs besides: the map entries, the record, each tag's index entry
    // (measured: a 744-byte job answer with its two tags takes about 1,510 bytes of JavaScript heap).
    const bytes = key.length + body.length + tags.reduce((n, t) => n + t.length + 64, 0) + 512;
    if (bytes > this.budgetBytes / 4) return; // one answer may not push out most of the others
    const old = this.entries.get(key);
    if (old) this.remove(old);
    const entry: Entry = { key, body, tags, expiresAt: this.now() + ttlSeconds * 1000, bytes };
    this.entries.set(key, entry);
    this.append(entry);
    this.bytes += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.bytes > this.budgetBytes && this.oldest) {
      this.remove(this.oldest);
      this.metrics?.evictions.inc();
    }
  }

  /** Drops the entries whose time is up (an expired entry is otherwise only dropped when asked for). */
  sweep(): void {
    const now = this.now();
    for (let entry = this.oldest; entry; ) {
      const next = entry.newer;
      if (entry.expiresAt <= now) this.remove(entry);
      entry = next;
    }
  }

  /** Drops every entry tagged with one of `tags`. */
  drop(tags: string[]): void {
    this.generation++;
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) {
        const entry = this.entries.get(key);
        if (entry) this.remove(entry);
      }
    }
  }

  /** Stops serving and forgets everything (the broker connection is lost: invalidations may be missed). */
  disable(): void {
    this.enabled = false;
    this.flush();
  }

  /** Subscribed again: starts empty, then serves. */
  enable(): void {
    this.flush();
    this.enabled = true;
  }

  private flush(): void {
    this.generation++;
    this.entries.clear();
    this.oldest = this.newest = undefined;
    this.byTag.clear();
    this.bytes = 0;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    this.unlink(entry);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(entry.key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }

  private append(entry: Entry): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
  }
}
