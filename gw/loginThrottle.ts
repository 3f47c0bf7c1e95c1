// Brute-force protection for login: failures are counted per account and per client address in Redis;
// past a threshold the next attempts get 429 with Retry-After, doubling up to a cap. A success clears the
// account's count, so the real owner gets in once the (short) lock has passed. Redis down: no throttling.
import Redis from "ioredis";
import type { Logger } from "../svc/runtime/log.ts";

export interface ThrottleConfig {
  accountLimit: number;
  clientLimit: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
}

export interface LoginThrottle {
  /** Seconds to wait, or 0 when the attempt may go ahead. */
  blockedFor(email: string, client: string): Promise<number>;
  failed(email: string, client: string): Promise<void>;
  succeeded(email: string): Promise<void>;
  close(): void;
}

const hash = (s: string) => new Bun.CryptoHasher("sha256").update(s.trim().toLowerCase()).digest("hex").slice(0, 32);

export function createLoginThrottle(redisUrl: string, prefix: string, cfg: ThrottleConfig, log: Logger): LoginThrottle {
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 300,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
  redis.on("error", () => {});
  const keys = (email: string, client: string) => ({
    accountCount: `${prefix}login:fail:a:${hash(email)}`,
    accountLock: `${prefix}login:lock:a:${hash(email)}`,
    clientCount: `${prefix}login:fail:c:${client}`,
    clientLock: `${prefix}login:lock:c:${client}`,
  });
  const safe = async <T>(fallback: T, work: () => Promise<T>): Promise<T> => {
    if (redis.status !== "ready") return fallback;
    try {
      return await work();
    } catch (err) {
      log.warn("login throttle unavailable", { err: (err as Error).message });
      return fallback;
    }
  };
  const lockFor = (count: number, limit: number) =>
    count < limit ? 0 : Math.min(cfg.baseLockSeconds * 2 ** Math.min(count - limit, 16), cfg.maxLockSeconds);

  return {
    blockedFor: (email, client) =>
      safe(0, async () => {
        const k = keys(email, client);
        const [a, c] = await Promise.all([redis.pttl(k.accountLock), redis.pttl(k.clientLock)]);
        return Math.ceil(Math.max(a, c, 0) / 1000);
      }),
    failed: (email, client) =>
      safe(undefined, async () => {
        const k = keys(email, client);
        const [[, a], [, c]] = (await redis
          .multi()
          .incr(k.accountCount)
          .expire(k.accountCount, cfg.windowSeconds)
          .incr(k.clientCount)
          .expire(k.clientCount, cfg.windowSeconds)
          .exec())!.filter((_, i) => i % 2 === 0) as Array<[unknown, number]>;
        const accountLock = lockFor(a, cfg.accountLimit),
          clientLock = lockFor(c, cfg.clientLimit);
        if (accountLock) await redis.set(k.accountLock, "1", "EX", accountLock);
        if (clientLock) await redis.set(k.clientLock, "1", "EX", clientLock);
      }),
    succeeded: (email) =>
      safe(undefined, async () => {
        const k = keys(email, "-");
        await redis.del(k.accountCount, k.accountLock);
      }),
    close: () => redis.disconnect(),
  };
}
