// A process started by `make up` ends with its launcher. SIGKILL of the launcher cannot be passed on, so each
// child checks once a second whether it still has the parent it was started by (WORKUP_PARENT_PID); once it has
// been re-parented it stops itself through its own graceful SIGTERM path.

export function stopWithParent(env: Record<string, string | undefined> = process.env, everyMs = 1000): void {
  const parent = Number(env.WORKUP_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM");
  }, everyMs);
  timer.unref();
}
