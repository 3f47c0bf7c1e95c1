// A command slower than the gateway's timeout: the client gets 504 on time, the late reply is dropped without any
// error noise, and the gateway's memory of pending requests goes back to zero instead of growing.
import { afterAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { readFileSync } from "node:fs";
import { waitFor } from "../support/stack.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { testJwtSecret } from "../support/stack.ts";
import { controlEnv, ctl, patchFile } from "../support/controller.ts";
import { job } from "../support/marketplace.ts";
import { printSummary, tally } from "../support/summary.ts";

const replyTimeoutMs = 1500; // the patched getJob takes 3 s
const { stack, api: a } = useStack({
  services: ["jobs"],
  env: { ...controlEnv, GATEWAY_TIMEOUT_MS: String(replyTimeoutMs) },
});
const clientId = crypto.randomUUID();
const token = craftToken(
  {
    sub: `client.${clientId}@example.com`,
    userId: clientId,
    role: "CLIENT",
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
  },
  { secret: testJwtSecret },
);

afterAll(async () => {
  printSummary(import.meta.path);
});

const pendingReplies = async () => {
  const text = await (await fetch(stack.gatewayMetricsUrl())).text();
  const line = text.split("\n").find((l) => l.startsWith("workup_gateway_pending_replies "));
  return line ? Number(line.split(" ")[1]) : NaN;
};
/** Log lines written so far by each process (everything at warn and above is noise here). */
const logLines = () =>
  Object.fromEntries(stack.procs.map((p) => [p.name, readFileSync(p.log, "utf8").split("\n").filter(Boolean)]));

describe("a command slower than the gateway timeout", () => {
  it(
    "answers 504 on time, drops the late replies silently, and keeps no pending request behind",
    () =>
      tally(import.meta.path, "Slow command beyond the gateway timeout", async (t) => {
        const created = await a.post("/api/v1/jobs", job(), token);
        expect(created.status).toBe(201);
        await ctl(stack, ["updateCommand", "jobs", "getJob", patchFile("faults", "slowGetJob")]);
        const before = logLines();

        for (let round = 0; round < 3; round++) {
          const replies = await Promise.all(
            Array.from({ length: 20 }, async () => {
              const startedAt = Date.now();
              const res = await a.get(`/api/v1/jobs/${created.body.id}`, token);
              return { ...res, ms: Date.now() - startedAt };
            }),
          );
          for (const r of replies) {
            t.check(
              r.status === 504 && r.body.error?.code === "timeout",
              `answered ${r.status} ${JSON.stringify(r.body)}`,
            );
            t.check(
              r.ms >= replyTimeoutMs - 50 && r.ms < replyTimeoutMs + 2000,
              `answered after ${r.ms} ms, not at the ${replyTimeoutMs} ms timeout`,
            );
          }
          t.check((await pendingReplies()) === 0, "requests still pending right after their 504");
        }
        // The late replies arrive (3 s after each request) and are dropped: nothing pending, nothing logged.
        await Bun.sleep(3500);
        t.check((await pendingReplies()) === 0, "pending requests after the late replies arrived");
        const after = logLines();
        for (const [name, lines] of Object.entries(after)) {
          const added = lines.slice(before[name]?.length ?? 0);
          t.check(added.length === 0, () => `${name} logged: ${added.slice(0, 3).join("\n")}`);
        }

        // Back to the built-in command: answered at once again.
        await ctl(stack, ["rollbackCommand", "jobs", "getJob"]);
        await waitFor(
          "getJob to answer again",
          async () => (await a.get(`/api/v1/jobs/${created.body.id}`, token)).status === 200,
          10_000,
        );
        expect(t.failed).toEqual([]);
      }),
    90_000,
  );
});
