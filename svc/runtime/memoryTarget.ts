// Gives memory back soon after a burst of load: the garbage collector may keep a burst's memory for a long time, so
// once a second, when the process has been idle since the last second (nothing started, nothing in flight) and its
// resident size is above MEMORY_TARGET_MB, a full collection runs (0 turns it off). Under load it never runs: a full
// collection then would take its time from the requests.
import { envInt } from "./config.ts";

/** `started`: work begun so far (a counter); `inFlight`: work not finished yet. */
export function holdMemoryTarget(
  started: () => number,
  inFlight: () => number,
  targetMb = envInt("MEMORY_TARGET_MB", 64),
): () => void {
  if (targetMb <= 0) return () => {};
  const limit = targetMb * 1024 * 1024;
  let seen = started();
  const timer = setInterval(() => {
    const now = started();
    const idle = now === seen && inFlight() === 0;
    seen = now;
    if (idle && process.memoryUsage.rss() > limit) Bun.gc(true);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
