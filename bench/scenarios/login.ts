// Login: one account over and over. The argon2id check (19 MiB, t=2: ~27 ms of CPU) is nearly all the work
// and two of them fill both cores, so more connections would only add queueing.
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
    const client = await env.fixture.clientAccount();
    return fixed(
      env,
      { method: "POST", path: "/api/v1/users/login", body: { email: client.email, password: client.password } },
      env.settings.loginConnections,
    );
  },
};
