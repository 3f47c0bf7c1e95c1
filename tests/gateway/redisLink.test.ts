// The gateway's Redis connection (gw/redisLink.ts) against the real Redis, through a TCP relay the test can stop
// (Redis gone) and stall (Redis hung): it answers while Redis does, fails fast instead of queueing or hanging, and
// comes back on its own.
import { afterAll, describe, expect, it } from "bun:test";
import type { Socket, TCPSocketListener } from "bun";
import { infrastructure } from "../../svc/runtime/config.ts";
import { redisLink } from "../../gw/redisLink.ts";
import { waitFor } from "../support/stack.ts";

const target = new URL(infrastructure().redisUrl);

/** A relay to Redis on a port of its own: `stop` closes it and its connections, `stall` swallows what clients send. */
function relay() {
  let listener: TCPSocketListener<{ upstream?: Socket; held: Uint8Array[] }> | null = null;
  const open = new Set<Socket<{ upstream?: Socket; held: Uint8Array[] }>>();
  const state = { stalled: false, port: 0 };
  const start = () => {
    listener = Bun.listen<{ upstream?: Socket; held: Uint8Array[] }>({
      hostname: "127.0.0.1",
      port: state.port,
      socket: {
        async open(client) {
          client.data = { held: [] };
          open.add(client);
          client.data.upstream = await Bun.connect({
            hostname: target.hostname,
            port: Number(target.port || 6379),
            socket: {
              data: (_, bytes) => void client.write(bytes),
              close: () => {
                client.end();
              },
            },
          });
          for (const bytes of client.data.held) client.data.upstream.write(bytes);
        },
        data(client, bytes) {
          if (state.stalled) return;
          if (client.data.upstream) client.data.upstream.write(bytes);
          else client.data.held.push(bytes);
        },
        close(client) {
          open.delete(client);
          client.data.upstream?.end();
        },
      },
    });
    state.port = listener.port;
  };
  start();
  return {
    get url() {
      return `redis://127.0.0.1:${state.port}`;
    },
    stall: (on: boolean) => {
      state.stalled = on;
    },
    stop() {
      listener?.stop(true);
      for (const c of open) c.end();
    },
    start,
  };
}

describe("the gateway's Redis link", () => {
  const r = relay();
  // Bun's client gives up after one retry here, so the link's own reconnecting is what brings it back.
  const link = redisLink(r.url, { timeoutMs: 300, retryMs: 200, maxRetries: 1 });
  afterAll(() => {
    link.close();
    r.stop();
  });
  const key = `t_link_${crypto.randomUUID()}`;

  it("runs commands once connected", async () => {
    await waitFor("the link is ready", async () => link.ready, 5_000);
    expect(await link.send("SET", [key, 41, "EX", 60])).toBe("OK");
    expect(await link.send("INCR", [key])).toBe(42);
  });

  it("answers a hung Redis with an error within its time limit, not a hang", async () => {
    r.stall(true);
    const started = performance.now();
    const error = await link.send("GET", [key]).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("did not answer GET within 300 ms");
    expect(performance.now() - started).toBeLessThan(5_000);
    r.stall(false);
  });

  it("is not ready while Redis is gone, refuses at once instead of queueing, and comes back on its own", async () => {
    r.stop();
    await waitFor("the link notices", async () => !link.ready, 5_000);
    expect(await link.send("GET", [key]).catch((err: Error) => err)).toBeInstanceOf(Error);
    await Bun.sleep(1_500); // longer than several retries
    r.start();
    await waitFor("the link is back", async () => link.ready, 10_000);
    expect(await link.send("INCRBY", [key, 8])).toBe(50);
  });
});
