// The seed's JMeter shape: connections growing from 1 to 1,000 over 10 s, on a read and on a write.
import type { Settings } from "../settings.ts";
import { bearer, type Scenario, type ScenarioEnv } from "./scenario.ts";
import type { LoadSpec, RequestSpec } from "../load/spec.ts";
import { jobBody } from "./fixture.ts";

const rampLoad = (s: Settings) => `${s.rampFrom} -> ${s.rampTo} connections over ${s.rampOverS} s`;
const ramp = (env: ScenarioEnv, request: RequestSpec): LoadSpec => {
  const s = env.settings;
  return {
    kind: "ramp",
    url: env.url,
    from: s.rampFrom,
    to: s.rampTo,
    overS: s.rampOverS,
    steps: s.rampSteps,
    request,
  };
};

export const rampRead: Scenario = {
  id: "ramp-read",
  title: "Ramp: GET /api/v1/jobs/{id} (cached)",
  kind: "ramp",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: rampLoad,
  async spec(env) {
    const [freelancer] = await env.fixture.freelancerAccounts(1);
    return ramp(env, {
      method: "GET",
      path: `/api/v1/jobs/${await env.fixture.cachedJobId()}`,
      headers: bearer(freelancer.token),
    });
  },
};

export const rampWrite: Scenario = {
  id: "ramp-write",
  title: "Ramp: POST /api/v1/jobs (create a job)",
  kind: "ramp",
  needs: ["users", "jobs"],
  expectSuccess: true,
  load: rampLoad,
  async spec(env) {
    const client = await env.fixture.clientAccount();
    return ramp(env, {
      method: "POST",
      path: "/api/v1/jobs",
      headers: bearer(client.token),
      body: jobBody("Ramp job", "Posted during the ramp.", ["typescript"]),
    });
  },
};
