// The gateways' edge cache against real writes, on a process stack with two gateway replicas and real RabbitMQ:
// for every cached route (GET job, job search, GET contract, GET milestone), a second read is a hit, and a write by
// any path makes the next read fresh: through the API (on the writing gateway at once, on the other within a
// second), through an outbox handler (payments -> contracts), by an admin, and by a command hot-swapped meanwhile.
// A gateway that loses the broker stops serving from its edge cache until it has subscribed again, emptied.
import { beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { useStack } from "../support/useStack.ts";
import { api, loginAdmin, registerClient, registerFreelancer, type Account, type Api } from "../support/api.ts";
import { contract, job, proposal } from "../support/marketplace.ts";
import { controlEnv, ctl, patchFile } from "../support/controller.ts";
import { closeAllConnections } from "../support/broker.ts";
import { root, waitFor } from "../support/stack.ts";

const { stack, api: a } = useStack({
  services: ["users", "jobs", "contracts", "payments"],
  env: { ...controlEnv, EDGE_CACHE_BYTES: String(8 << 20) },
});
let b: Api; // the second gateway
let bUrl = "";
let client: Account;
let freelancer: Account;
let admin: string;

beforeAll(async () => {
  bUrl = await stack.addGateway();
  b = api(bUrl);
  client = await registerClient(a);
  freelancer = await registerFreelancer(a);
  admin = await loginAdmin(a);
}, 60_000);

/** A counter or gauge of a gateway's edge cache, from its /metrics. */
async function edgeMetric(gatewayUrl: string, name: string): Promise<number> {
  const text = await (await fetch(stack.gatewayMetricsUrl(gatewayUrl))).text();
  const line = text.split("\n").find((l) => l.startsWith(`workup_edge_cache_${name} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

/** Reads `path` on a gateway twice: the second answer must come from its edge cache (one more hit). */
async function cachedRead(gatewayUrl: string, path: string, token?: string) {
  const client = api(gatewayUrl);
  await waitFor("the edge cache serving", async () => (await edgeMetric(gatewayUrl, "enabled")) === 1);
  const first = await client.get(path, token);
  expect(first.status).toBe(200);
  const hits = await edgeMetric(gatewayUrl, "hits_total");
  const second = await client.get(path, token);
  expect(second.body).toEqual(first.body);
  expect(await edgeMetric(gatewayUrl, "hits_total")).toBe(hits + 1);
  return first.body;
}

/** How long until `read` on the other gateway shows what `fresh` expects (at most 5 s). */
async function convergence(read: () => Promise<unknown>, fresh: (body: any) => boolean): Promise<number> {
  const started = performance.now();
  await waitFor("the other gateway to answer fresh", async () => fresh(await read()), 5_000, 20);
  return performance.now() - started;
}

const jobPath = (id: string) => `/api/v1/jobs/${id}`;
const ok = async (what: string, res: Promise<{ status: number; body: any }>) => {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

describe("edge-cached reads after writes", () => {
  it("GET job: fresh at once on the gateway that accepted a proposal, and within a second on the other", async () => {
    const jobId = (await ok("job", a.post("/api/v1/jobs", job(), client.token))).id;
    const proposalId = (await ok("propose", a.post(`${jobPath(jobId)}/proposals`, proposal(), freelancer.token))).id;
    expect((await cachedRead(stack.url, jobPath(jobId), freelancer.token)).active).toBe(true);
    expect((await cachedRead(bUrl, jobPath(jobId), freelancer.token)).active).toBe(true);
    await ok("accept", a.post(`${jobPath(jobId)}/proposals/${proposalId}/accept`, undefined, client.token));
    expect((await a.get(jobPath(jobId), freelancer.token)).body.active).toBe(false);
    const ms = await convergence(
      async () => (await b.get(jobPath(jobId), freelancer.token)).body,
      (j) => j.active === false,
    );
    console.log(`edge cache: the other gateway answered the accepted job fresh after ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1_000);
  });

  it("job search: a new job is found at once, and an accepted one is gone", async () => {
    const word = `zebra${Date.now().toString(36)}`;
    const search = `/api/v1/jobs/search?query=${word}`;
    expect((await cachedRead(stack.url, search)).jobs).toEqual([]);
    const created = await ok("job", a.post("/api/v1/jobs", job({ title: `Tame a ${word}` }), client.token));
    expect((await a.get(search)).body.jobs.map((j: { id: string }) => j.id)).toEqual([created.id]);
    await cachedRead(stack.url, search);
    const p = await ok("propose", a.post(`${jobPath(created.id)}/proposals`, proposal(), freelancer.token));
    await ok("accept", a.post(`${jobPath(created.id)}/proposals/${p.id}/accept`, undefined, client.token));
    expect((await a.get(search)).body.jobs).toEqual([]);
  });

  it("GET contract and milestone: fresh after the freelancer's progress, the payment's outbox delivery and an " +
    "admin's termination", async () => {
    const c = await contract(a, client, freelancer);
    const [first] = c.milestoneIds;
    const milestonePath = `/api/v1/contracts/milestones/${first}`;
    const contractPath = `/api/v1/contracts/${c.contractId}`;
    expect((await cachedRead(stack.url, milestonePath, client.token)).status).toBe("OPEN");
    expect((await cachedRead(bUrl, contractPath, client.token)).milestones[0].status).toBe("OPEN");
    // The API: the freelancer moves the milestone on; the client reads it at once, on either gateway.
    await ok("progress", a.post(`${milestonePath}/progress`, {}, freelancer.token));
    expect((await a.get(milestonePath, client.token)).body.status).toBe("IN_PROGRESS");
    await convergence(
      async () => (await b.get(contractPath, client.token)).body,
      (x) => x.milestones[0].status === "IN_PROGRESS",
    );
    // An outbox handler: paying the request makes payments tell contracts (markMilestonePaid) through its outbox.
    await ok("deliver", a.post(`${milestonePath}/progress`, {}, freelancer.token));
    await ok("accept", a.post(`${milestonePath}/evaluate`, { evaluatedState: "ACCEPTED" }, client.token));
    let requestId = "";
    await waitFor("the payment request", async () => {
      const list = await a.get("/api/v1/payments/clients/me/requests", client.token);
      requestId = list.body.requests.find((r: { referenceId: string }) => r.referenceId === first)?.id ?? "";
      return requestId !== "";
    });
    await cachedRead(stack.url, milestonePath, client.token);
    await cachedRead(bUrl, contractPath, client.token);
    await ok("pay", a.post(`/api/v1/payments/requests/${requestId}/pay`, undefined, client.token));
    await convergence(
      async () => (await a.get(milestonePath, client.token)).body,
      (m) => m.status === "PAID",
    );
    await convergence(
      async () => (await b.get(contractPath, client.token)).body,
      (x) => x.milestones[0].status === "PAID",
    );
    // An admin action: accepting a termination request ends the contract.
    const ending = await ok(
      "request termination",
      a.post(`${contractPath}/terminations/request`, { reason: "Moving on" }, freelancer.token),
    );
    expect((await cachedRead(stack.url, contractPath, client.token)).status).toBe("ACTIVE");
    await cachedRead(bUrl, contractPath, client.token);
    await ok(
      "handle",
      a.post(`/api/v1/contracts/terminations/${ending.id}/handle`, { chosenStatus: "ACCEPTED" }, admin),
    );
    expect((await a.get(contractPath, client.token)).body.status).toBe("TERMINATED");
    const ms = await convergence(
      async () => (await b.get(contractPath, client.token)).body,
      (x) => x.status === "TERMINATED",
    );
    expect(ms).toBeLessThan(1_000);
  }, 60_000);

  it("a hot-swapped command: its writes make reads fresh, and swapping a read command drops its cached answers", async () => {
    const file = join(tmpdir(), `acceptProposal-${Date.now()}.patch.ts`);
    const scaffold = Bun.spawnSync([process.execPath, "ctl/main.ts", "scaffold", "jobs", "acceptProposal", file], {
      cwd: root,
      env: { ...process.env, WORKUP_NAMESPACE: stack.ns, CONTROL_SECRET: controlEnv.CONTROL_SECRET },
    });
    expect(scaffold.exitCode).toBe(0);
    await Bun.write(
      file,
      (await Bun.file(file).text()).replace("Proposal Accepted Successfully!", "Accepted (swapped)"),
    );
    await ctl(stack, ["updateCommand", "jobs", "acceptProposal", file]);
    const jobId = (await ok("job", a.post("/api/v1/jobs", job(), client.token))).id;
    const proposalId = (await ok("propose", a.post(`${jobPath(jobId)}/proposals`, proposal(), freelancer.token))).id;
    await cachedRead(stack.url, jobPath(jobId), freelancer.token);
    const accepted = await ok(
      "accept",
      a.post(`${jobPath(jobId)}/proposals/${proposalId}/accept`, undefined, client.token),
    );
    expect(accepted.message).toBe("Accepted (swapped)");
    expect((await a.get(jobPath(jobId), freelancer.token)).body.active).toBe(false);
    await ctl(stack, ["rollbackCommand", "jobs", "acceptProposal"]);

    await cachedRead(stack.url, jobPath(jobId), freelancer.token);
    await ctl(stack, ["updateCommand", "jobs", "getJob", patchFile("control", "getJobTagged")]);
    expect((await a.get(jobPath(jobId), freelancer.token)).body.patched).toBe("v2");
    await ctl(stack, ["rollbackCommand", "jobs", "getJob"]);
    expect((await a.get(jobPath(jobId), freelancer.token)).body.patched).toBeUndefined();
  }, 60_000);

  it("a write whose replica died before announcing it: the next replica to start announces it again", async () => {
    const jobId = (await ok("job", a.post("/api/v1/jobs", job(), client.token))).id;
    await cachedRead(stack.url, jobPath(jobId), freelancer.token);
    // As a write that committed, its reply naming the key in the request log, and then lost its process.
    const db = stack.db("jobs");
    try {
      await db.begin(async (tx) => {
        await tx`update jobs set title = 'Changed before a crash' where id = ${jobId}`;
        await tx`insert into request_log (id, command, reply)
          values (${crypto.randomUUID()}, 'crashedWrite', ${tx.json({ ok: true, body: null, invalidates: [`job:${jobId}`] })})`;
      });
    } finally {
      await db.end();
    }
    expect((await a.get(jobPath(jobId), freelancer.token)).body.title).not.toBe("Changed before a crash");
    await stack.spawn("jobs");
    await convergence(
      async () => (await a.get(jobPath(jobId), freelancer.token)).body,
      (j) => j.title === "Changed before a crash",
    );
  }, 60_000);

  it("stops serving from the edge cache when the broker connection is lost, and starts again empty", async () => {
    const jobId = (await ok("job", a.post("/api/v1/jobs", job(), client.token))).id;
    await cachedRead(stack.url, jobPath(jobId), freelancer.token);
    expect(await edgeMetric(stack.url, "entries")).toBeGreaterThan(0);
    const hits = await edgeMetric(stack.url, "hits_total");
    // Every process's connection, gateways included, closed at once.
    const running = stack.running().map((p) => stack.instanceOf(p));
    expect(await closeAllConnections(stack.ns, running)).toBeGreaterThanOrEqual(running.length);
    // Off (and empty) at once; then back, still empty, once subscribed again.
    await waitFor("the edge cache off", async () => (await edgeMetric(stack.url, "entries")) === 0, 20_000, 10);
    await waitFor("the edge cache back", async () => (await edgeMetric(stack.url, "enabled")) === 1, 30_000);
    const misses = await edgeMetric(stack.url, "misses_total");
    await waitFor("the job read again", async () => (await a.get(jobPath(jobId), freelancer.token)).status === 200);
    expect(await edgeMetric(stack.url, "misses_total")).toBeGreaterThan(misses);
    expect(await edgeMetric(stack.url, "hits_total")).toBe(hits);
  }, 60_000);
});
