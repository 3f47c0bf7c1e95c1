// Brute-force protection for login (OWASP Authentication Cheat Sheet), kept in Redis so every gateway replica
// shares it. An attempt is counted before the password is checked, in one atomic script, so parallel guesses
// cannot slip past the limit: per account and client address, the attempt that reaches the limit locks the pair
// (1 s, doubling with each further failure up to a cap). Failures are keyed by account AND address, so nobody can
// lock the owner out from elsewhere; an account with many failures from everywhere is slowed (one attempt a
// second, from any address) but never shut. Per address, spraying many accounts locks that address.
// A success clears its pair; an attempt that checked no password (an error) is given back. Redis down: no throttle.
import type { Logger } from "../svc/runtime/log.ts";
import { AppError } from "../svc/runtime/errors.ts";
import { errorResponse } from "./errors.ts";
import { redisLink } from "./redisLink.ts";

export interface ThrottleConfig {
  /** Failures of one account from one address before a lock. */
  accountLimit: number;
  /** Failures from one address, over all accounts, before a lock. */
  clientLimit: number;
  /** Failures of one account from all addresses before every attempt on it is slowed. */
  accountCeiling: number;
  /** Past the ceiling, one attempt on the account per this many ms. */
  ceilingIntervalMs: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
}

export type LoginOutcome = "succeeded" | "failed" | "unchecked";

export interface LoginThrottle {
  /** Counts the attempt and answers 0, or answers the seconds to wait (nothing counted). */
  attempt(email: string, client: string): Promise<number>;
  /** A counted attempt's outcome: a failure stays counted, a success clears its pair, "unchecked" is given back. */
  settle(email: string, client: string, outcome: LoginOutcome): Promise<void>;
  close(): void;
}

// KEYS: pair, pairLock, account, accountSlot, client, clientLock
// ARGV: accountLimit, clientLimit, accountCeiling, ceilingIntervalMs, baseLockMs, maxLockMs, windowSeconds
const attemptScript = `
local function lockMs(count, limit)
  local n = math.min(count - limit, 16)
  return math.floor(math.min(tonumber(ARGV[5]) * 2 ^ n, tonumber(ARGV[6])))
end
local wait = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[6]), 0)
if wait > 0 then return wait end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then
  if not redis.call('SET', KEYS[4], '1', 'PX', ARGV[4], 'NX') then return math.max(redis.call('PTTL', KEYS[4]), 1) end
end
local pair = redis.call('INCR', KEYS[1])
local client = redis.call('INCR', KEYS[5])
redis.call('INCR', KEYS[3])
for _, k in ipairs({ KEYS[1], KEYS[3], KEYS[5] }) do redis.call('EXPIRE', k, ARGV[7]) end
if pair >= tonumber(ARGV[1]) then redis.call('SET', KEYS[2], '1', 'PX', lockMs(pair, tonumber(ARGV[1]))) end
if client >= tonumber(ARGV[2]) then redis.call('SET', KEYS[6], '1', 'PX', lockMs(client, tonumber(ARGV[2]))) end
return 0
`;

// KEYS as above; ARGV: accountLimit, clientLimit, outcome
const settleScript = `
local function giveBack(key, lock, limit)
  if tonumber(redis.call('GET', key) or '0') > 0 and redis.call('DECR', key) < limit then redis.call('DEL', lock) end
end
if ARGV[3] == 'failed' then return 0 end
if ARGV[3] == 'succeeded' then
  redis.call('DEL', KEYS[1], KEYS[2])
else
  giveBack(KEYS[1], KEYS[2], tonumber(ARGV[1]))
end
giveBack(KEYS[5], KEYS[6], tonumber(ARGV[2]))
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
return 0
`;

const hash = (s: string) => new Bun.CryptoHasher("sha256").update(s.trim().toLowerCase()).digest("hex").slice(0, 32);

export function createLoginThrottle(redisUrl: string, prefix: string, cfg: ThrottleConfig, log: Logger): LoginThrottle {
  const redis = redisLink(redisUrl);
  const keys = (email: string, client: string) => {
    const account = hash(email);
    return [
      `${prefix}login:fail:p:${account}:${client}`,
      `${prefix}login:lock:p:${account}:${client}`,
      `${prefix}login:fail:a:${account}`,
      `${prefix}login:slot:a:${account}`,
      `${prefix}login:fail:c:${client}`,
      `${prefix}login:lock:c:${client}`,
    ];
  };
  const safe = async <T>(fallback: T, work: () => Promise<T>): Promise<T> => {
    if (!redis.ready) return fallback;
    try {
      return await work();
    } catch (err) {
      log.warn("login throttle unavailable", { err: (err as Error).message });
      return fallback;
    }
  };
  const limits = [cfg.accountLimit, cfg.clientLimit];

  return {
    attempt: (email, client) =>
      safe(0, async () => {
        const args = [...limits, cfg.accountCeiling, cfg.ceilingIntervalMs];
        args.push(cfg.baseLockSeconds * 1000, cfg.maxLockSeconds * 1000, cfg.windowSeconds);
        const waitMs = Number(await redis.send("EVAL", [attemptScript, 6, ...keys(email, client), ...args]));
        return Math.ceil(waitMs / 1000);
      }),
    settle: (email, client, outcome) =>
      safe(undefined, async () => {
        await redis.send("EVAL", [settleScript, 6, ...keys(email, client), ...limits, outcome]);
      }),
    close: () => redis.close(),
  };
}

type RequestIP = { requestIP(r: Request): { address: string } | null } | null;

/**
 * One login through the throttle: the attempt is counted, the login runs, and its answer settles the attempt (a 401
 * stays a failure, a success clears the pair, anything else is given back), all in the route handler's own promise.
 * A client that goes away mid-login therefore leaves nothing counted. Past the limit: 429 with Retry-After instead.
 */
export async function throttledLogin<T>(
  throttle: LoginThrottle | undefined,
  { body, request, server }: { body: unknown; request: Request; server: RequestIP },
  login: () => Promise<T | Response>,
): Promise<T | Response> {
  if (!throttle) return login();
  const email = String((body as { email?: string } | null)?.email ?? "");
  const client = server?.requestIP(request)?.address ?? "local";
  const wait = await throttle.attempt(email, client);
  if (wait > 0) {
    const refused = new AppError("too_many_requests", `Too many failed logins; try again in ${wait} s`);
    return errorResponse(refused.toWire(), { "retry-after": String(wait) });
  }
  let outcome: LoginOutcome = "unchecked"; // a timeout or an unreachable service checked no password
  try {
    const answer = await login();
    outcome = !(answer instanceof Response) ? "succeeded" : answer.status === 401 ? "failed" : "unchecked";
    return answer;
  } finally {
    await throttle.settle(email, client, outcome);
  }
}
