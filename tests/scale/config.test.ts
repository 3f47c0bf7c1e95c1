import { describe, expect, it } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, parseLocalServices } from "../../scale/config.ts";

describe("autoscaler configuration", () => {
  it("has local defaults that follow the HPA's behaviour defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      driver: "local",
      dryRun: false,
      namespace: "workup",
      prometheusUrl: null,
      rabbitMgmtUrl: "http://guest:guest@127.0.0.1:15672",
      policy: { tolerance: 0.1, upMaxStep: 4, upMaxFactor: 2, upPeriodMs: 60_000, downWindowMs: 300_000 },
      local: { services: [], entry: "svc/{service}.ts" },
    });
  });

  it("reads local services as name:min:max and rejects inverted bounds", () => {
    expect(parseLocalServices("jobs:1:4, users:1:3")).toEqual([
      { name: "jobs", min: 1, max: 4 },
      { name: "users", min: 1, max: 3 },
    ]);
    expect(() => parseLocalServices("jobs:4:1")).toThrow(/0 <= min <= max/);
  });

  it("reads a secret from <NAME>_FILE and demands it in production", () => {
    const dir = mkdtempSync(join(tmpdir(), "scale-config-"));
    writeFileSync(join(dir, "mgmt"), "http://workup:s3cret@rabbitmq:15672\n");
    expect(loadConfig({ WORKUP_ENV: "production", RABBITMQ_MGMT_URL_FILE: join(dir, "mgmt") }).rabbitMgmtUrl).toBe(
      "http://workup:s3cret@rabbitmq:15672",
    );
    expect(() => loadConfig({ WORKUP_ENV: "production" })).toThrow(/RABBITMQ_MGMT_URL/);
  });

  it("lets flags override the environment and rejects bad numbers", () => {
    const config = loadConfig(
      { SCALE_DRIVER: "swarm", SCALE_INTERVAL_MS: "1000" },
      { driver: "local", dryRun: true, intervalMs: 250 },
    );
    expect(config).toMatchObject({ driver: "local", dryRun: true, intervalMs: 250 });
    expect(() => loadConfig({ SCALE_TOLERANCE: "ten" })).toThrow(/SCALE_TOLERANCE/);
    expect(() => loadConfig({ SCALE_DRIVER: "k8s" })).toThrow(/SCALE_DRIVER/);
  });
});
