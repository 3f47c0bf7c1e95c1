// Login throttling with two gateway replicas sharing Redis: attempts are counted before the password is checked,
// so parallel guesses cannot outrun the limit; failures are keyed by account and client address, so an attacker
// cannot lock the owner out; an account attacked from everywhere is slowed for everyone, not shut.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerFreelancer } from "../support/api.ts";
import { postFrom } from "../support/fromAddress.ts";

const { stack, api: a } = useStack({
  services: ["users"],
  env: {
    LOGIN_MAX_FAILURES: "5",
    LOGIN_MAX_FAILURES_PER_CLIENT: "1000",
    LOGIN_MAX_FAILURES_PER_ACCOUNT: "12",
    LOGIN_SLOW_INTERVAL_MS: "1500",
    LOGIN_LOCK_SECONDS: "30",
  },
});

const login = (gateway: string, from: string, email: string, password: string) =>
  postFrom(from, `${gateway}/api/v1/users/login`, { email, password });
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe("login throttling across two gateway replicas", () => {
  it("never counts successful logins, nor logins whose client went away before the answer", async () => {
    const owner = await registerFreelancer(a);
    for (let i = 0; i < 12; i++)
      expect((await login(stack.url, "127.0.0.5", owner.email, owner.password)).status).toBe(200);
    // Eight logins given up by their client mid-way (a flaky network): none may count as a failure.
    const send = (signal?: AbortSignal) =>
      fetch(`${stack.url}/api/v1/users/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: owner.email, password: owner.password }),
        signal,
      });
    for (let i = 0; i < 8; i++) {
      const gone = new AbortController();
      const pending = send(gone.signal).catch(() => null);
      await Bun.sleep(5);
      gone.abort();
      await pending;
    }
    await Bun.sleep(500); // the abandoned logins finish on the server
    const after = await Promise.all(Array.from({ length: 4 }, () => send()));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it("gives 20 parallel wrong guesses, spread over both gateways, exactly 5 401s and 15 429s", async () => {
    const second = await stack.addGateway();
    const owner = await registerFreelancer(a);
    const guesses = Array.from({ length: 20 }, (_, i) =>
      login(i % 2 ? second : stack.url, "127.0.0.2", owner.email, `guess-${i}`),
    );
    const replies = await Promise.all(guesses);
    const statuses = replies.map((r) => r.status);
    expect({ "401": count(statuses, 401), "429": count(statuses, 429) }).toEqual({ "401": 5, "429": 15 });
    for (const r of replies.filter((r) => r.status === 429)) {
      expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(r.body.error.code).toBe("too_many_requests");
    }
    // The attacker's address stays locked even with the right password; the owner elsewhere gets in at once.
    expect((await login(second, "127.0.0.2", owner.email, owner.password)).status).toBe(429);
    expect((await login(second, "127.0.0.3", owner.email, owner.password)).status).toBe(200);
  });

  it(
    "slows an account failed from many addresses to one attempt per interval for everyone, " + "without shutting it",
    async () => {
      const owner = await registerFreelancer(a);
      for (let i = 10; i < 22; i++)
        expect((await login(stack.url, `127.0.0.${i}`, owner.email, "wrong")).status).toBe(401);
      // Past the ceiling (12 failures): the next attempt, from a fresh address, takes the account's one slot...
      expect((await login(stack.url, "127.0.0.40", owner.email, "wrong")).status).toBe(401);
      // ...and the owner, from another fresh address right after, is asked to wait, then gets in.
      const slowed = await login(stack.url, "127.0.0.41", owner.email, owner.password);
      expect(slowed.status).toBe(429);
      const wait = Number(slowed.headers["retry-after"]);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(2);
      await Bun.sleep(wait * 1000 + 100);
      expect((await login(stack.url, "127.0.0.41", owner.email, owner.password)).status).toBe(200);
    },
  );
});
