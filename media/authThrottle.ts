// Failed upload credentials are throttled like logins (gw/loginThrottle.ts): an attempt is counted per client address
// before the credentials are checked, and the one that reaches the limit locks the address (1 s, doubling with each
// further failure up to a cap); a success clears it. In memory: the media server is one replica (it owns the volume),
// and counting within one process is atomic.
export interface AuthThrottleConfig {
  limit: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
}

interface Failures {
  count: number;
  lockedUntil: number;
  forgetAt: number;
}

const maxTracked = 10_000;

export function createAuthThrottle(cfg: AuthThrottleConfig, now: () => number = Date.now) {
  const byClient = new Map<string, Failures>();
  return {
    /** Counts the attempt and answers 0, or answers the seconds to wait (nothing counted). */
    attempt(client: string): number {
      const t = now();
      let f = byClient.get(client);
      if (f && f.forgetAt <= t) f = undefined;
      if (f && f.lockedUntil > t) return Math.ceil((f.lockedUntil - t) / 1000);
      if (!f) {
        if (byClient.size >= maxTracked) byClient.delete(byClient.keys().next().value!); // the oldest
        f = { count: 0, lockedUntil: 0, forgetAt: 0 };
        byClient.set(client, f);
      }
      f.count++;
      f.forgetAt = t + cfg.windowSeconds * 1000;
      if (f.count >= cfg.limit) {
        const seconds = Math.min(cfg.baseLockSeconds * 2 ** Math.min(f.count - cfg.limit, 16), cfg.maxLockSeconds);
        f.lockedUntil = t + seconds * 1000;
      }
      return 0;
    },
    succeeded(client: string): void {
      byClient.delete(client);
    },
  };
}
export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
