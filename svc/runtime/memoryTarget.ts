// Gives memory back soon after a burst of load: the garbage collector may keep a burst's memory for a long time, so
// once a process has been idle for a second (nothing started, nothing in flight) and its resident size is above
// MEMORY_TARGET_MB, it collects once (0 turns it off): a full collection, then JavaScriptCore drops the compiled
// code and caches it can rebuild, and the allocator returns the freed pages (Bun.shrink). After a bench's load this
// takes the gateway from 97 to 74 MB RSS. It runs once per idle period, not every second: the next burst re-compiles
// what it uses. Under load it never runs: a full collection then would take its time from the requests.
import { envInt } from "./config.ts";

/** How long nothing may start before the process counts as idle, and how often that is checked. */
const idleMs = 1000;
const checkEveryMs = 250;

export interface MemoryTargetOptions {
  targetMb?: number;
  /** Resident size in bytes. */
  rss?: () => number;
  collect?: () => void;
  now?: () => number;
}

/** Full collection, then what JavaScriptCore can rebuild goes and a second collection frees it. */
function collectAndShrink(): void {
  Bun.gc(true);
  // Bun.shrink is marked deprecated in bun-types (Bun 1.4.5) but is the only call that gives back compiled code.
  if (typeof Bun.shrink !== "function") return;
  Bun.shrink();
  setTimeout(() => Bun.gc(true), 250).unref();
}

/**
 * The check run every 250 ms: collects when nothing started for a second, nothing is in flight, the resident size
 * is above the target and it has not collected since the last work began. `started`: work begun so far (a counter);
 * `inFlight`: work not finished yet.
 */
export function memoryTargetCheck(
  started: () => number,
  inFlight: () => number,
  {
    targetMb = envInt("MEMORY_TARGET_MB", 64),
    rss = () => process.memoryUsage.rss(),
    collect = collectAndShrink,
    now = Date.now,
  }: MemoryTargetOptions = {},
): (() => void) | null {
  if (targetMb <= 0) return null;
  const limit = targetMb * 1024 * 1024;
  let seen = started();
  let activeAt = now();
  let collected = false; // since the last work began
  return () => {
    const count = started();
    if (count !== seen || inFlight() > 0) {
      seen = count;
      activeAt = now();
      collected = false;
      return;
    }
    if (collected || now() - activeAt < idleMs || rss() <= limit) return;
    collected = true;
    collect();
  };
}

/** Runs the check every 250 ms; returns what stops it. */
export function holdMemoryTarget(started: () => number, inFlight: () => number, options?: MemoryTargetOptions) {
  const check = memoryTargetCheck(started, inFlight, options);
  if (!check) return () => {};
  const timer = setInterval(check, checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
