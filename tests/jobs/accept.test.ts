// Accepting a proposal when the contracts service is not running, and the checks that come before the contract.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { caller, postJob, propose } from "./jobsApi.ts";

const { stack, api: a } = useStack({ services: ["jobs"], inProcess: true });

const accept = (jobId: string, proposalId: string, token: string) =>
  a.post(`/api/v1/jobs/${jobId}/proposals/${proposalId}/accept`, undefined, token);

async function stateOf(jobId: string, proposalId: string) {
  const sql = stack.db("jobs");
  const [job] = await sql`select active from jobs where id = ${jobId}`;
  const [proposal] = await sql`select status from proposals where id = ${proposalId}`;
  await sql.end();
  return { active: job.active, status: proposal.status };
}

describe("accepting a proposal without the contracts service", () => {
  it("answers 503 and leaves the job active and the proposal pending, also in what readers see", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client);
    const proposal = await propose(a, job.id, caller("FREELANCER"));
    await propose(a, job.id, caller("FREELANCER"));
    await a.get(`/api/v1/jobs/${job.id}`, client.token); // cached as active
    const res = await accept(job.id, proposal.id, client.token);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("unavailable");
    expect(await stateOf(job.id, proposal.id)).toEqual({ active: true, status: "PENDING" });
    expect((await a.get(`/api/v1/jobs/${job.id}`, client.token)).body.active).toBe(true);
    const proposals = (await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token)).body;
    expect(proposals.map((p: { status: string }) => p.status)).toEqual(["PENDING", "PENDING"]);
  });
});

describe("checks before the contract is made", () => {
  it("answers 403 to a client who does not own the job, and changes nothing", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const proposal = await propose(a, job.id, caller("FREELANCER"));
    const res = await accept(job.id, proposal.id, caller("CLIENT").token);
    expect(res.status).toBe(403);
    expect(await stateOf(job.id, proposal.id)).toEqual({ active: true, status: "PENDING" });
  });

  it("answers 403 to a freelancer, even the proposal's own", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, job.id, freelancer);
    expect((await accept(job.id, proposal.id, freelancer.token)).status).toBe(403);
  });

  it("answers 404 for an unknown job, an unknown proposal, or a proposal of another job", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client);
    const other = await postJob(a, client);
    const proposalOfOther = await propose(a, other.id, caller("FREELANCER"));
    expect((await accept(crypto.randomUUID(), proposalOfOther.id, client.token)).status).toBe(404);
    expect((await accept(job.id, crypto.randomUUID(), client.token)).status).toBe(404);
    expect((await accept(job.id, proposalOfOther.id, client.token)).status).toBe(404);
  });

  it("answers 400 for malformed ids, never 500", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client);
    const bad = await accept(job.id, "not-a-uuid", client.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("proposalId");
    expect((await accept("1234", crypto.randomUUID(), client.token)).status).toBe(400);
  });

  it("answers 409 when the job is no longer active or the proposal no longer pending", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client);
    const proposal = await propose(a, job.id, caller("FREELANCER"));
    const sql = stack.db("jobs");
    await sql`update proposals set status = 'REJECTED' where id = ${proposal.id}`;
    expect((await accept(job.id, proposal.id, client.token)).status).toBe(409);
    await sql`update proposals set status = 'PENDING' where id = ${proposal.id}`;
    await sql`update jobs set active = false where id = ${job.id}`;
    await sql.end();
    expect((await accept(job.id, proposal.id, client.token)).status).toBe(409);
  });
});
