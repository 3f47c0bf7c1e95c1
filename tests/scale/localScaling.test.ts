// End to end: `bun scale/main.ts --driver local` against fixture workers on a private vhost. A backlog on one
// queue brings up more replicas, drains, and after the (short) window the service returns to its minimum;
// the other queue, without load, is never touched.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { connect, type ChannelModel } from "amqplib";
import type { Subprocess } from "bun";
import { collectLines, isAlive, waitFor, type Line } from "./fixtures/lines.ts";
import { amqpUrl, brokerAvailable, createVhost, deleteVhost, mgmtUrl } from "./fixtures/rabbitAdmin.ts";

const vhost = `scale_e2e_${process.pid}_${Date.now()}`;
const available = await brokerAvailable();
if (!available) console.warn("skipping local scaling test: RabbitMQ management API not reachable on 127.0.0.1:15672");

const MESSAGES = 400;
const decisions = (lines: Line[], target: string) => lines.filter((l) => l.msg === "decision" && l.target === target);

describe.skipIf(!available)("autoscaler, local driver, fixture workers", () => {
  let amqp: ChannelModel;
  let scaler: Subprocess<"ignore", "pipe", "inherit"> | null = null;
  let lines: Line[] = [];

  beforeAll(async () => {
    await createVhost(vhost);
    amqp = await connect(amqpUrl(vhost));
    const channel = await amqp.createChannel();
    await channel.assertQueue("queue_fxa");
    await channel.assertQueue("queue_fxb");
    await channel.close();
  });

  afterAll(async () => {
    if (scaler && scaler.exitCode === null) scaler.kill("SIGKILL");
    for (const l of lines.filter((l) => l.msg === "replica started")) {
      if (isAlive(l.pid as number)) process.kill(l.pid as number, "SIGKILL");
    }
    await amqp?.close();
    await deleteVhost(vhost);
  });

  it("scales a loaded service up, drains it, scales it back to its minimum, and leaves the idle " +
    "one alone", async () => {
    scaler = Bun.spawn({
      cmd: [process.execPath, "scale/main.ts", "--driver", "local", "--interval", "500"],
      env: {
        ...process.env,
        WORKUP_NAMESPACE: vhost,
        AMQP_URL: amqpUrl(vhost),
        RABBITMQ_MGMT_URL: mgmtUrl,
        SCALE_LOCAL_SERVICES: "fxa:1:3,fxb:1:2",
        SCALE_LOCAL_ENTRY: "tests/scale/fixtures/worker.ts",
        SCALE_DOWN_WINDOW_MS: "3000",
        SCALE_TARGET_BACKLOG: "10",
        SCALE_TARGET_RATE: "1000",
        SCALE_LOCAL_STOP_GRACE_MS: "5000",
        FIXTURE_WORK_MS: "25",
      },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "inherit",
    });
    lines = collectLines(scaler.stdout);

    // Both services are brought to their minimum without any load.
    await waitFor(
      "one consuming replica each",
      () =>
        ["fxa-1", "fxb-1"].every((i) => lines.some((l) => l.msg === "fixture worker consuming" && l.instance === i)),
      15_000,
    );

    const channel = await amqp.createChannel();
    for (let i = 0; i < MESSAGES; i++) channel.sendToQueue("queue_fxa", Buffer.from(String(i)));
    await channel.close();

    const up = await waitFor(
      "a scale-up of fxa",
      () => decisions(lines, "fxa").find((d) => d.action === "up" && (d.current as number) >= 1),
      20_000,
    );
    expect(up).toMatchObject({ applied: true, reason: expect.stringContaining("load above target") });

    await waitFor(
      "fxa back at its minimum",
      () => decisions(lines, "fxa").find((d) => d.action === "down" && d.desired === 1),
      40_000,
    );
    const drained = await amqp.createChannel();
    expect((await drained.checkQueue("queue_fxa")).messageCount).toBe(0);
    await drained.close();

    const fxa = decisions(lines, "fxa");
    expect(Math.max(...fxa.map((d) => d.desired as number))).toBeLessThanOrEqual(3);
    expect(Math.max(...fxa.map((d) => d.desired as number))).toBeGreaterThan(1);
    const fxb = decisions(lines, "fxb");
    expect(fxb[0]).toMatchObject({
      current: 0,
      desired: 1,
      action: "up",
      reason: expect.stringContaining("raised to minimum"),
    });
    expect(fxb.slice(1).every((d) => d.action === "none" && d.desired === 1)).toBe(true);

    // Stopped replicas drained their in-flight message: each message was acknowledged exactly once.
    scaler.kill("SIGTERM");
    await waitFor("the autoscaler to exit", () => scaler!.exitCode !== null, 15_000);
    expect(scaler.exitCode).toBe(0);
    const started = lines.filter((l) => l.msg === "replica started").map((l) => l.pid as number);
    expect(started.filter(isAlive)).toEqual([]);
    const stopped = lines.filter((l) => l.msg === "replica stopped");
    expect(stopped.length).toBe(started.length);
    expect(stopped.every((l) => l.exitCode === 0)).toBe(true);
    const handled = lines
      .filter((l) => l.msg === "fixture worker stopped")
      .reduce((n, l) => n + (l.handled as number), 0);
    expect(handled).toBe(MESSAGES);
  }, 90_000);
});
