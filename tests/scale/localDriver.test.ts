// The local driver against real child processes (a fixture worker consuming a queue in a private vhost).
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { connect, type ChannelModel } from "amqplib";
import { localDriver, type LocalDriver } from "../../scale/drivers/local.ts";
import type { Log } from "../../scale/log.ts";
import { isAlive, waitFor, type Line } from "./fixtures/lines.ts";
import { amqpUrl, brokerAvailable, createVhost, deleteVhost } from "./fixtures/rabbitAdmin.ts";

const vhost = `scale_driver_${process.pid}_${Date.now()}`;
const available = await brokerAvailable();
if (!available) console.warn("skipping local driver tests: RabbitMQ management API not reachable on 127.0.0.1:15672");

describe.skipIf(!available)("local driver", () => {
  const lines: Line[] = [];
  const log: Log = (level, msg, fields = {}) => lines.push({ level, msg, ...fields });
  let driver: LocalDriver;
  let amqp: ChannelModel;
  const consumers = async () => {
    const channel = await amqp.createChannel();
    const { consumerCount } = await channel.assertQueue("queue_fxc");
    await channel.close();
    return consumerCount;
  };

  beforeAll(async () => {
    await createVhost(vhost);
    amqp = await connect(amqpUrl(vhost));
    driver = localDriver({
      services: [{ name: "fxc", min: 0, max: 3 }],
      entry: "tests/scale/fixtures/worker.ts",
      stopGraceMs: 5_000,
      log,
      env: { ...process.env, AMQP_URL: amqpUrl(vhost), FIXTURE_WORK_MS: "5" },
      output: "ignore",
    });
  });

  afterAll(async () => {
    await Promise.race([driver?.close(), Bun.sleep(8_000)]);
    for (const pid of driver?.pids() ?? []) process.kill(pid, "SIGKILL");
    await amqp?.close();
    await deleteVhost(vhost);
  });

  it("starts numbered replicas with WORKUP_INSTANCE and stops the newest with SIGTERM", async () => {
    const [svc] = await driver.list();
    expect(svc).toMatchObject({ id: "fxc", queue: "queue_fxc", replicas: 0, min: 0, max: 3, swarmService: null });

    await driver.scale(svc, 2);
    expect((await driver.list())[0].replicas).toBe(2);
    expect(lines.filter((l) => l.msg === "replica started").map((l) => l.replica)).toEqual(["fxc-1", "fxc-2"]);
    await waitFor("two consumers", async () => (await consumers()) === 2, 10_000);

    await driver.scale(svc, 1);
    const stopped = await waitFor("fxc-2 to exit", () => lines.find((l) => l.msg === "replica stopped"), 10_000);
    expect(stopped).toMatchObject({ replica: "fxc-2", exitCode: 0 });
    expect((await driver.list())[0].replicas).toBe(1);
  }, 20_000);

  it("notices a replica that dies on its own, and reuses its number", async () => {
    const [pid] = driver.pids("fxc");
    process.kill(pid, "SIGKILL");
    const died = await waitFor(
      "the crash to be seen",
      () => lines.find((l) => l.msg === "replica exited unexpectedly"),
      10_000,
    );
    expect(died).toMatchObject({ replica: "fxc-1", pid, signalCode: "SIGKILL" });
    expect((await driver.list())[0].replicas).toBe(0);

    await driver.scale((await driver.list())[0], 1);
    expect(lines.filter((l) => l.msg === "replica started").at(-1)).toMatchObject({ replica: "fxc-1" });
  }, 20_000);

  it("stops every replica it started on close", async () => {
    const pids = driver.pids();
    expect(pids.length).toBe(1);
    await Promise.race([driver.close(), Bun.sleep(10_000)]);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 15_000);
});
