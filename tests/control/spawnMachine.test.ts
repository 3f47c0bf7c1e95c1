import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { freePort, root, startStack, waitFor, type Stack } from "../support/stack.ts";
import { api } from "../support/api.ts";
import { caller, controlSecret, ctl, postJob } from "./harness.ts";

const spawnMachine = async (args: string[], env: Record<string, string>) => {
  const proc = Bun.spawn([process.execPath, "ctl/main.ts", "spawnMachine", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { out, err, code };
};

describe("spawnMachine --driver digitalocean", () => {
  const received: Array<{ method: string; path: string; auth: string | null; body: any }> = [];
  let answer = () =>
    Response.json(
      { droplet: { id: 4242, name: "w1", status: "new", region: { slug: "fra1" }, size_slug: "s-2vcpu-4gb" } },
      { status: 202 },
    );
  const standIn = Bun.serve({
    port: 0,
    async fetch(req) {
      received.push({
        method: req.method,
        path: new URL(req.url).pathname,
        auth: req.headers.get("authorization"),
        body: await req.json().catch(() => null),
      });
      return answer();
    },
  });
  afterAll(() => standIn.stop(true));
  const env = { DIGITALOCEAN_API_URL: `http://127.0.0.1:${standIn.port}`, DIGITALOCEAN_TOKEN: "do-test-token" };

  it("creates a droplet with the bearer token and cloud-init user data that installs Docker and " +
    "joins the swarm", async () => {
    const run = await spawnMachine(
      [
        "--driver",
        "digitalocean",
        "--name",
        "w1",
        "--swarm-token",
        "SWMTKN-1-abc-def",
        "--manager",
        "10.0.0.5",
        "--region",
        "fra1",
        "--size",
        "s-2vcpu-4gb",
        "--json",
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ id: 4242, name: "w1", status: "new", region: "fra1", size: "s-2vcpu-4gb" });
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req).toMatchObject({ method: "POST", path: "/v2/droplets", auth: "Bearer do-test-token" });
    expect(req.body).toMatchObject({
      name: "w1",
      region: "fra1",
      size: "s-2vcpu-4gb",
      image: "ubuntu-24-04-x64",
      monitoring: true,
    });
    expect(req.body.tags).toContain("workup");
    expect(req.body.user_data).toStartWith("#cloud-config\n");
    expect(req.body.user_data).toContain("get.docker.com");
    expect(req.body.user_data).toContain("docker swarm join --token SWMTKN-1-abc-def 10.0.0.5:2377");
  }, 30_000);

  it("sends nothing without a token or with a join token that is not one, and exits non-zero on " +
    "an API refusal", async () => {
    received.length = 0;
    const noToken = await spawnMachine(
      ["--driver", "digitalocean", "--swarm-token", "SWMTKN-1-abc", "--manager", "10.0.0.5"],
      { ...env, DIGITALOCEAN_TOKEN: "" },
    );
    expect(noToken.code).toBe(1);
    expect(noToken.err).toContain("DIGITALOCEAN_TOKEN");
    const injected = await spawnMachine(
      ["--driver", "digitalocean", "--swarm-token", "SWMTKN-1-abc; rm -rf /", "--manager", "10.0.0.5"],
      env,
    );
    expect(injected.code).toBe(1);
    expect(injected.err).toContain("swarm join token");
    expect(received).toHaveLength(0);

    answer = () => Response.json({ id: "unprocessable_entity", message: "Region is not available" }, { status: 422 });
    const refused = await spawnMachine(
      ["--driver", "digitalocean", "--swarm-token", "SWMTKN-1-abc", "--manager", "10.0.0.5"],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("422 Region is not available");
  }, 30_000);
});

describe("spawnMachine --driver local", () => {
  let stack: Stack;
  let pids: number[] = [];
  beforeAll(async () => {
    stack = await startStack({ services: ["jobs"], env: { CONTROL_SECRET: controlSecret } });
  }, 120_000);
  afterAll(async () => {
    for (const pid of pids)
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        /* already gone */
      }
    await waitFor(
      "the copy to stop",
      () =>
        pids.every((pid) => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        }),
      15_000,
    ).catch(() => {
      for (const pid of pids)
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
    });
    await stack?.stop();
  }, 60_000);

  it("starts a second gateway and the services on this machine, joined to the same broker and data", async () => {
    const port = await freePort();
    const name = `copy-${stack.ns.replace(/_/g, "")}`;
    const run = await spawnMachine(
      [
        "--driver",
        "local",
        "--name",
        name,
        "--port",
        String(port),
        "--services",
        "jobs",
        "--log-dir",
        `${stack.logDir}/copy`,
        "--json",
      ],
      {
        ...stack.env,
        WORKUP_NAMESPACE: stack.ns,
      },
    );
    expect(run.code).toBe(0);
    const machine = JSON.parse(run.out);
    pids = machine.processes.map((p: { pid: number }) => p.pid);
    expect(machine.processes.map((p: { component: string }) => p.component)).toEqual(["jobs", "gateway"]);
    expect(machine.url).toBe(`http://127.0.0.1:${port}`);

    // A job created through the copy's gateway is read through the first one: same broker, same database.
    const client = caller("CLIENT");
    const jobId = await postJob(api(machine.url), client.token);
    expect((await api(stack.url).get(`/api/v1/jobs/${jobId}`, client.token)).status).toBe(200);
    const status = await ctl(stack, ["status", "jobs", "--expect", "2"]);
    expect(status.code).toBe(0);
    expect(status.outcome!.replies.map((r) => r.instance)).toContain(`jobs-${name}`);
  }, 90_000);
});
