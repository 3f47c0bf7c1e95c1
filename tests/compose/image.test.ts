// The image's pieces that can be checked without a Docker engine: the Dockerfile's choices, the entrypoint's
// component switch, the healthcheck script, the secrets generator and the make fragment.
import { afterAll, describe, expect, it } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "workup-image-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("compose/Dockerfile", () => {
  const dockerfile = readFileSync("compose/Dockerfile", "utf8");
  it("builds on oven/bun with a production install, runs as non-root, and has a healthcheck", () => {
    expect(dockerfile).toMatch(/^FROM oven\/bun:\$\{BUN_VERSION\}/m);
    expect(dockerfile).toMatch(/bun install --production/);
    expect(dockerfile).toMatch(/^USER bun$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*compose\/healthcheck\.ts/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/app\/compose\/entrypoint\.sh"\]$/m);
  });
  it("keeps tests, secrets and local state out of the build context", () => {
    const ignore = readFileSync("compose/Dockerfile.dockerignore", "utf8").split("\n");
    for (const entry of ["**/node_modules", ".git", "tests", "compose/secrets", "media/data"]) expect(ignore).toContain(entry);
  });
});

describe("compose/entrypoint.sh", () => {
  // A stand-in `bun` that prints what it was asked to run.
  const bin = join(scratch, "bin");
  Bun.spawnSync({ cmd: ["mkdir", "-p", bin] });
  writeFileSync(join(bin, "bun"), '#!/bin/sh\necho "bun $* COMPONENT=$COMPONENT"\n');
  chmodSync(join(bin, "bun"), 0o755);
  const run = (env: Record<string, string>, args: string[] = []) => {
    const p = Bun.spawnSync({ cmd: ["sh", "compose/entrypoint.sh", ...args], env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, stdout: "pipe", stderr: "pipe" });
    return { code: p.exitCode, out: p.stdout.toString().trim(), err: p.stderr.toString() };
  };

  const table: Array<[string, string]> = [
    ["gateway", "gw/server.ts"], ["media", "media/server.ts"], ["users", "svc/users.ts"], ["jobs", "svc/jobs.ts"],
    ["contracts", "svc/contracts.ts"], ["payments", "svc/payments.ts"], ["autoscaler", "scale/main.ts"],
  ];
  for (const [component, entry] of table) {
    it(`runs ${entry} for COMPONENT=${component}`, () => {
      expect(run({ COMPONENT: component })).toEqual({ code: 0, out: `bun ${entry} COMPONENT=${component}`, err: "" });
    });
  }
  it("takes the component from the first argument and passes the rest on", () => {
    expect(run({}, ["autoscaler", "--dry-run"]).out).toBe("bun scale/main.ts --dry-run COMPONENT=autoscaler");
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
  const server = Bun.serve({ port: 0, fetch: (req) => new URL(req.url).pathname === "/healthz" && healthy ? new Response("ok") : new Response("no", { status: 503 }) });
  afterAll(() => server.stop(true));
  // Async spawn: the stand-in server lives in this process and must keep answering.
  const check = (env: Record<string, string>) =>
    Bun.spawn({ cmd: [process.execPath, "compose/healthcheck.ts"], env: { PATH: process.env.PATH ?? "", ...env }, timeout: 10_000 }).exited;

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
    for (const [, name] of stack.matchAll(/^  (\w+): \{ file: \.\/secrets\/\w+ \}$/gm)) expect(statSync(join(dir, name)).size).toBeGreaterThan(0);
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
  it("defines build, deploy, portainer and stack-config, each with a ## description", () => {
    for (const target of ["build", "deploy", "portainer", "stack-config", "stack-secrets"]) {
      expect(mk).toMatch(new RegExp(`^${target}:[^\\n]*## \\S`, "m"));
    }
    expect(mk).toContain("docker stack deploy -c compose/stack.yaml $(WORKUP_STACK)");
    expect(mk).toContain("docker build -f compose/Dockerfile");
  });
  it.skipIf(!Bun.which("docker") || !Bun.which("make"))("validates the stack files through make stack-config", () => {
    const p = Bun.spawnSync({ cmd: ["make", "-s", "-f", "compose/compose.mk", "stack-config"], stdout: "pipe", stderr: "pipe", timeout: 60_000 });
    expect(p.exitCode).toBe(0);
    expect(p.stdout.toString()).toContain("valid: compose/stack.yaml");
  });
});
