// The original's locust flow (16 requests, two new accounts to a paid milestone) with many virtual users.
import type { Scenario } from "./scenario.ts";

export const marketplace: Scenario = {
  id: "flow",
  title: "Marketplace flow, 16 requests an iteration (inventory 3.6)",
  // No ratio: an iteration is 16 requests of very different cost, 4 of them argon2id hashes.
  kind: "flow",
  needs: ["users", "jobs", "contracts", "payments"],
  expectSuccess: true,
  load: (s) => `${s.flowUsers} virtual users, no think time, ${s.runs} x ${s.flowDurationS} s`,
  async spec(env) {
    const s = env.settings;
    return {
      kind: "flow",
      url: env.url,
      users: s.flowUsers,
      warmupS: s.flowWarmupS,
      runs: s.runs,
      durationS: s.flowDurationS,
    };
  },
};
