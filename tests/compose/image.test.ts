// The image's pieces that can be checked without a Docker engine: the Dockerfile's choices, the entrypoint's
// component switch, the healthcheck script, the secrets generator and the make fragment.
import { afterAll, describe, expect, it } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker } from "./fixtures/stackConfig.ts";

const scratch = mkdtempSync(join(tmpdir(), "workup-image-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("compose/Dockerfile", () => {
  const dockerfile = readFileSync("compose/Dockerfile", "utf8");
  it("builds on BUN_IMAGE (the official image by default) with the host's production install, as non-root", () => {
    expect(dockerfile).toMatch(/^ARG BUN_IMAGE=oven\/bun:[\d.]+-slim$/m);
    expect(dockerfile.match(/^FROM .*/gm)).toEqual(["FROM ${BUN_IMAGE}"]);
    expect(dockerfile).toMatch(/^COPY \.run\/image-deps\/node_modules \.\/node_modules$/m);
    expect(dockerfile).not.toMatch(/^RUN .*(bun|npm) (install|ci)/m); // no registry access inside the build
    expect(dockerfile).toMatch(/^USER bun$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*compose\/healthcheck\.ts/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/app\/compose\/entrypoint\.sh"\]$/m);
  });
  it("copies only what runs, by name", () => {
    const sources = [...dockerfile.matchAll(/^COPY (?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1].split(" "));
    expect(sources.sort()).toEqual([
      ".run/image-deps/node_modules",
      "bunfig.toml",
      "compose/entrypoint.sh",
      "compose/healthcheck.ts",
      "compose/waitFor.ts",
      "ctl",
      "gw",
      "media",
      "package.json",
      "scale",
      "svc",
      "tsconfig.json",
    ]);
  });
  it("has a root .dockerignore (the legacy builder reads no other) that starts from nothing and adds what runs", () => {
    const ignore = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(ignore[0]).toBe("**");
    const included = ignore.filter((l) => l.startsWith("!")).map((l) => l.slice(1));
    for (const never of ["tests", "bench", ".git", "compose/secrets", "node_modules", ".run"])
      expect(included).not.toContain(never);
    expect(ignore).toContain("media/data");
  });
});

describe("compose/entrypoint.sh", () => {
  // A stand-in `bun` that prints what it was asked to run.
  const bin = join(scratch, "bin");
  Bun.spawnSync({ cmd: ["mkdir", "-p", bin] });
  writeFileSync(join(bin, "bun"), '#!/bin/sh\necho "bun $* COMPONENT=$COMPONENT"\n');
  chmodSync(join(bin, "bun"), 0o755);
  const run = (env: Record<string, string>, args: string[] = []) => {
    const p = Bun.spawnSync({
      cmd: ["sh", "compose/entrypoint.sh", ...args],
      env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
      stdout: "pipe",
      stderr: "pipe",
    });
    return { code: p.exitCode, out: p.stdout.toString().trim(), err: p.stderr.toString() };
  };

  const table: Array<[string, string]> = [
    ["gateway", "gw/server.ts"],
    ["media", "media/server.ts"],
    ["users", "svc/users.ts"],
    ["jobs", "svc/jobs.ts"],
    ["contracts", "svc/contracts.ts"],
    ["payments", "svc/payments.ts"],
    ["autoscaler", "scale/main.ts"],
  ];
  const noWait = { WORKUP_WAIT_FOR_DEPENDENCIES: "0" };
  for (const [component, entry] of table) {
    it(`runs ${entry} for COMPONENT=${component}`, () => {
      expect(run({ COMPONENT: component, ...noWait })).toEqual({
        code: 0,
        out: `bun ${entry} COMPONENT=${component}`,
        err: "",
      });
    });
  }
  it("waits for the component's dependencies first", () => {
    expect(run({ COMPONENT: "jobs" }).out.split("\n")).toEqual([
      "bun compose/waitFor.ts COMPONENT=jobs",
      "bun svc/jobs.ts COMPONENT=jobs",
    ]);
  });
  it("takes the component from the first argument and passes the rest on", () => {
    expect(run(noWait, ["autoscaler", "--dry-run"]).out).toBe("bun scale/main.ts --dry-run COMPONENT=autoscaler");
  });
  it("runs the controller once for ctl, without waiting", () => {
    expect(run({}, ["ctl", "status", "jobs"]).out).toBe("bun ctl/main.ts status jobs COMPONENT=");
  });
  it("refuses an unknown or missing component with a JSON error", () => {
    const r = run({ COMPONENT: "mongo" });
    expect(r.code).toBe(64);
    expect(JSON.parse(r.err)).toMatchObject({ level: "error", component: "mongo" });
    expect(run({}).code).toBe(64);
  });
});

describe("compose/healthcheck.ts", () => {
  let healthy = true;
  const server = Bun.serve({
    port: 0,
    fetch: (req) =>
      new URL(req.url).pathname === "/healthz" && healthy ? new Response("ok") : new Response("no", { status: 503 }),
  });
  afterAll(() => server.stop(true));
  // Async spawn: the stand-in server lives in this process and must keep answering.
  const check = (env: Record<string, string>) =>
    Bun.spawn({
      cmd: [process.execPath, "compose/healthcheck.ts"],
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 10_000,
    }).exited;

  it("probes the port of the running component", async () => {
    const port = String(server.port);
    expect(await check({ COMPONENT: "users", METRICS_PORT: port })).toBe(0);
    expect(await check({ COMPONENT: "gateway", GATEWAY_PORT: port })).toBe(0);
    expect(await check({ COMPONENT: "media", MEDIA_PORT: port })).toBe(0);
    expect(await check({ COMPONENT: "autoscaler", METRICS_PORT: port })).toBe(0);
  }, 20_000);
  it("fails when the component answers unhealthy or not at all", async () => {
    healthy = false;
    expect(await check({ COMPONENT: "jobs", METRICS_PORT: String(server.port) })).toBe(1);
    healthy = true;
    expect(await check({ COMPONENT: "jobs", METRICS_PORT: "1" })).toBe(1);
  }, 20_000);
});

describe("compose/secrets.sh", () => {
  const dir = join(scratch, "secrets");
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  const generate = () => Bun.spawnSync({ cmd: ["sh", "compose/secrets.sh", dir], stdout: "pipe", stderr: "pipe" });

  it("writes every secret the stacks name, with URLs built from the generated passwords", () => {
    expect(generate().exitCode).toBe(0);
    const stack = readFileSync("compose/stack.yaml", "utf8");
    for (const [, name] of stack.matchAll(/^  (\w+): \{ file: \.\/secrets\/\w+ \}$/gm))
      expect(statSync(join(dir, name)).size).toBeGreaterThan(0);
    expect(read("amqp_url")).toBe(`amqp://workup:${read("rabbitmq_password")}@rabbitmq:5672/workup`);
    expect(read("rabbitmq_mgmt_url")).toBe(`http://workup:${read("rabbitmq_password")}@rabbitmq:15672`);
    for (const svc of ["users", "jobs", "contracts", "payments"]) {
      expect(read(`${svc}_database_url`)).toBe(`postgres://${svc}:${read(`${svc}_db_password`)}@${svc}_db:5432/${svc}`);
    }
    expect(read("jwt_secret")).toMatch(/^[0-9a-f]{96}$/);
  });

  it("keeps existing secrets when run again", () => {
    const before = read("jwt_secret");
    const again = generate();
    expect(again.stdout.toString()).toBe("");
    expect(read("jwt_secret")).toBe(before);
  });
});

describe("compose/compose.mk", () => {
  const mk = readFileSync("compose/compose.mk", "utf8");
  it("defines the image, Swarm and stack targets, each with a ## description", () => {
    const targets = [
      "images",
      "build",
      "swarm-init",
      "deploy",
      "deploy-monitoring",
      "undeploy",
      "ctl-swarm",
      "swarm-test",
      "portainer",
      "stack-config",
      "stack-secrets",
    ];
    for (const target of targets) expect(mk).toMatch(new RegExp(`^${target}:[^\\n]*## \\S`, "m"));
  });
  it.skipIf(!docker || !Bun.which("make"))("validates the stack files through make stack-config", () => {
    const p = Bun.spawnSync({
      cmd: ["make", "-s", "-f", "compose/compose.mk", "stack-config"],
      stdout: "pipe",
      stderr: "pipe",
      timeout: 60_000,
    });
    expect(p.exitCode).toBe(0);
    expect(p.stdout.toString()).toContain("valid: compose/stack.yaml");
  });
});
