import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { api, registerFreelancer } from "../support/api.ts";
import { startStack } from "../support/stack.ts";

const { api: a } = useStack({
  services: ["users"],
  env: { LOGIN_MAX_FAILURES: "5", LOGIN_LOCK_SECONDS: "1", LOGIN_MAX_FAILURES_PER_CLIENT: "1000" },
});

describe("login brute force", () => {
  it(
    "refuses an account's logins with 429 and Retry-After after repeated failures, then lets " + "the owner in",
    async () => {
      const owner = await registerFreelancer(a);
      const statuses: number[] = [];
      let retryAfter = 0;
      for (let i = 0; i < 8; i++) {
        const res = await a.post("/api/v1/users/login", { email: owner.email, password: `guess-${i}` });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = Number(res.headers.get("retry-after"));
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses).toContain(429);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      // While locked even the right password waits: the lock is about the account, not the guess.
      const locked = await a.post("/api/v1/users/login", { email: owner.email, password: owner.password });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe("too_many_requests");

      await Bun.sleep(Number(locked.headers.get("retry-after")) * 1000 + 200);
      const ok = await a.post("/api/v1/users/login", { email: owner.email, password: owner.password });
      expect(ok.status).toBe(200);
      // A success clears the count: one more mistake is a plain 401 again.
      expect((await a.post("/api/v1/users/login", { email: owner.email, password: "oops" })).status).toBe(401);
    },
  );

  it("does not lock out other accounts while one is under attack", async () => {
    const victim = await registerFreelancer(a);
    const bystander = await registerFreelancer(a);
    for (let i = 0; i < 7; i++) await a.post("/api/v1/users/login", { email: victim.email, password: `guess-${i}` });
    expect((await a.post("/api/v1/users/login", { email: bystander.email, password: bystander.password })).status).toBe(
      200,
    );
  });
});

describe("login brute force from one client", () => {
  it("refuses a client that sprays failed logins over many accounts with 429 and Retry-After, " +
    "then lets it in again", async () => {
    const own = await startStack({
      services: ["users"],
      env: { LOGIN_MAX_FAILURES: "1000", LOGIN_LOCK_SECONDS: "1", LOGIN_MAX_FAILURES_PER_CLIENT: "6" },
    });
    try {
      const b = api(own.url);
      const real = await registerFreelancer(b);
      const statuses: number[] = [];
      let retryAfter = 0;
      for (let i = 0; i < 9; i++) {
        // a different (unknown) account every time: only the client's count grows
        const res = await b.post("/api/v1/users/login", {
          email: `sprayed-${i}-${crypto.randomUUID()}@example.com`,
          password: "guess",
        });
        statuses.push(res.status);
        if (res.status === 429) retryAfter = Number(res.headers.get("retry-after"));
      }
      expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
      expect(statuses.slice(6)).toContain(429);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      const locked = await b.post("/api/v1/users/login", { email: real.email, password: real.password });
      expect(locked.status).toBe(429); // from this client, while its lock lasts

      await Bun.sleep(Number(locked.headers.get("retry-after")) * 1000 + 200);
      expect((await b.post("/api/v1/users/login", { email: real.email, password: real.password })).status).toBe(200);
    } finally {
      await own.stop();
    }
  }, 120_000);
});
