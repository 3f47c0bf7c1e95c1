// Cold start of each service and of the gateway: from spawning the process to its "ready" log line (the
// service consumes its queue, the gateway listens and is connected), with the database already created.
import type { Stack, ServiceName } from "../../tests/support/stack.ts";
import { freePort } from "../../tests/support/stack.ts";
import { launch } from "./launch.ts";

export type ColdStarts = Record<string, { ms: number[]; medianMs: number }>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureColdStarts(stack: Stack, services: ServiceName[], times: number): Promise<ColdStarts> {
  const out: ColdStarts = {};
  const entries: [string, string, () => Promise<Record<string, string>>, RegExp][] = [
    ...services.map((s): [string, string, () => Promise<Record<string, string>>, RegExp] => [
      s,
      `svc/${s}.ts`,
      async () => ({ WORKUP_INSTANCE: `${stack.ns}-${s}-coldstart` }),
      /"msg":"service ready"/,
    ]),
    ["gateway", "gw/server.ts", async () => ({ GATEWAY_PORT: String(await freePort()) }), /"msg":"gateway ready"/],
  ];
  for (const [name, entry, env, ready] of entries) {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const p = await launch(
        `${name} (cold start)`,
        entry,
        { ...stack.env, ...(await env()), LOG_LEVEL: "info" },
        ready,
      );
      ms.push(Math.round(p.readyMs));
      await p.stop();
    }
    out[name] = { ms, medianMs: median(ms) };
  }
  return out;
}
