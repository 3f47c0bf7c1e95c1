// Login: 16 accounts in turn, over and over. The argon2id check (19 MiB, t=2: ~27 ms of CPU) is nearly all the
// work and two of them fill both cores, so more connections would only add queueing. One account from one address
// may have only a few logins in flight at once (gw/loginThrottle.ts counts them before the check), hence several.
import { fixed, type Scenario } from "./scenario.ts";

export const login: Scenario = {
  id: "login",
  title: "POST /api/v1/users/login (argon2id verify, JWT)",
  kind: "scenario",
  baseline: "pg",
  needs: ["users"],
  expectSuccess: true,
  load: (s) => `${s.loginConnections} connections`,
  async spec(env) {
    const accounts = await env.fixture.freelancerAccounts(16);
    const bodies = accounts.map((a) => ({ email: a.email, password: a.password }));
    return fixed(
      env,
      { method: "POST", path: "/", each: { paths: ["/api/v1/users/login"], bodies, repeat: true } },
      env.settings.loginConnections,
    );
  },
};
