// Keeps a process near its memory target: after a burst of load the garbage collector may wait a long time before
// giving memory back, so once a second, while the resident size is above MEMORY_TARGET_MB, a full collection runs
// (a few ms of CPU; 0 turns it off). What is still in use stays; only garbage goes sooner.
import { envInt } from "./config.ts";

export function holdMemoryTarget(targetMb = envInt("MEMORY_TARGET_MB", 64)): () => void {
  if (targetMb <= 0) return () => {};
  const limit = targetMb * 1024 * 1024;
  const timer = setInterval(() => {
    if (process.memoryUsage.rss() > limit) Bun.gc(true);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
