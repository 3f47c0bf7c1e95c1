import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient } from "../support/api.ts";
import { closeAllConnections } from "../support/broker.ts";

const { stack, api: a } = useStack({ services: ["users"] });

describe("broker connection loss", () => {
  it("recovers by itself: requests succeed again within seconds, without restarting anything", async () => {
    const client = await registerClient(a);
    expect((await a.get("/api/v1/users/client/profile", client.token)).status).toBe(200);

    const processes = stack.running().map((p) => stack.instanceOf(p)); // the gateway's and the users replica's
    expect(await closeAllConnections(stack.ns, processes)).toBeGreaterThanOrEqual(2);

    const statuses: number[] = [];
    const started = Date.now();
    let recoveredAfterMs = -1;
    while (Date.now() - started < 20_000) {
      const res = await a.get("/api/v1/users/client/profile", client.token);
      statuses.push(res.status);
      if (res.status === 200) {
        recoveredAfterMs = Date.now() - started;
        break;
      }
      expect([503, 504]).toContain(res.status); // during the gap: a clear error, never a 500 or a hang
      await Bun.sleep(100);
    }
    expect(recoveredAfterMs).toBeGreaterThanOrEqual(0);
    // Every process is the one we started: nothing was restarted.
    for (const p of stack.procs) expect(p.proc.exitCode).toBeNull();
    // Writes work again too.
    const reg = await registerClient(a);
    expect(reg.token).toBeTruthy();
  });
});
