// Accepting a proposal with the contracts service running: the contract, the other proposals, the job, the caches.
// Runs once svc/contracts.ts exists (it is written alongside the jobs service).
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { existsSync } from "node:fs";
import { queueInfo, root, waitFor } from "../support/stack.ts";
import { caller, postJob, propose, type Caller } from "./jobsApi.ts";

const haveContracts = existsSync(`${root}svc/contracts.ts`);

describe.if(haveContracts)("accepting a proposal", () => {
  const { stack, api: a } = useStack({ services: ["jobs", "contracts"] });

  const accept = (jobId: string, proposalId: string, token: string) =>
    a.post(`/api/v1/jobs/${jobId}/proposals/${proposalId}/accept`, undefined, token);

  async function contractsOf(proposalIds: string[]) {
    const sql = stack.db("contracts");
    const rows = await sql`select id, proposal_id, job_id, client_id, freelancer_id, job_title from contracts
        where proposal_id in ${sql(proposalIds)}`;
    await sql.end();
    return rows;
  }

  async function jobWithProposals(n: number) {
    const client = caller("CLIENT");
    const job = await postJob(a, client, { title: "Accept me" });
    const freelancers: Caller[] = [];
    const proposals = [];
    for (let i = 0; i < n; i++) {
      freelancers.push(caller("FREELANCER"));
      proposals.push(await propose(a, job.id, freelancers[i]));
    }
    return { client, job, freelancers, proposals };
  }

  it(
    "creates the contract from the proposal, accepts it, rejects the other pending proposals " + "and closes the job",
    async () => {
      const { client, job, freelancers, proposals } = await jobWithProposals(3);
      const res = await accept(job.id, proposals[0].id, client.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        message: "Proposal Accepted Successfully!",
        job: { id: job.id, active: false },
        proposal: { id: proposals[0].id, status: "ACCEPTED" },
      });
      const [contract] = await contractsOf([proposals[0].id]);
      expect(res.body.contractId).toBe(contract.id);
      expect(contract).toMatchObject({
        job_id: job.id,
        client_id: client.id,
        freelancer_id: freelancers[0].id,
        job_title: "Accept me",
      });
      const sql = stack.db("contracts");
      const milestones = await sql`select description, amount::text as amount, due_date::text as due from milestones
          where contract_id = ${contract.id} order by position`;
      await sql.end();
      expect([...milestones]).toEqual([
        { description: "Design", amount: "500.00", due: "2030-06-01" },
        { description: "Build", amount: "1000.50", due: "2030-07-01" },
      ]);
      const listed = (await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token)).body;
      expect(listed.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
        [proposals[0].id, "ACCEPTED"],
        [proposals[1].id, "REJECTED"],
        [proposals[2].id, "REJECTED"],
      ]);
      const viaApi = await a.get(`/api/v1/contracts/${contract.id}`, freelancers[0].token);
      expect(viaApi.status).toBe(200);
      expect(viaApi.body).toMatchObject({
        id: contract.id,
        proposalId: proposals[0].id,
        status: "ACTIVE",
        milestones: [{ amount: 500 }, { amount: 1000.5 }],
      });
    },
  );

  it("shows the new state to readers whose view was cached before the accept", async () => {
    const { client, job, freelancers, proposals } = await jobWithProposals(2);
    expect((await a.get(`/api/v1/jobs/${job.id}`, client.token)).body.active).toBe(true);
    expect((await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token)).body.length).toBe(2);
    expect((await accept(job.id, proposals[1].id, client.token)).status).toBe(200);
    expect((await a.get(`/api/v1/jobs/${job.id}`, client.token)).body.active).toBe(false);
    const statuses = (await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token)).body.map(
      (p: { status: string }) => p.status,
    );
    expect(statuses).toEqual(["REJECTED", "ACCEPTED"]);
    expect((await a.get(`/api/v1/proposals/${proposals[0].id}`, freelancers[0].token)).body.status).toBe("REJECTED");
    expect((await a.get("/api/v1/jobs/me/proposals", freelancers[1].token)).body[0].status).toBe("ACCEPTED");
    expect((await a.get("/api/v1/jobs/me", client.token)).body[0]).toMatchObject({ id: job.id, active: false });
  });

  it("takes the accepted job out of search and refuses new proposals and changes on it with 409", async () => {
    const word = `acc${crypto.randomUUID().replace(/[^a-f]/g, "")}`;
    const client = caller("CLIENT");
    const job = await postJob(a, client, { title: `${word} job` });
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, job.id, freelancer);
    const other = await propose(a, job.id, caller("FREELANCER"));
    expect((await a.get(`/api/v1/jobs/search?query=${word}`)).body.jobs.length).toBe(1);
    expect((await accept(job.id, proposal.id, client.token)).status).toBe(200);
    expect((await a.get(`/api/v1/jobs/search?query=${word}`)).body.jobs).toEqual([]);
    const late = await a.post(
      `/api/v1/jobs/${job.id}/proposals`,
      {
        coverLetter: "Late",
        jobDuration: "LESS_THAN_A_MONTH",
        milestones: [{ description: "A", amount: 1, dueDate: "2030-01-01" }],
      },
      caller("FREELANCER").token,
    );
    expect(late.status).toBe(409);
    expect((await a.put(`/api/v1/proposals/${proposal.id}`, { coverLetter: "Changed" }, freelancer.token)).status).toBe(
      409,
    );
    expect(
      (await a.put(`/api/v1/proposals/${other.id}`, { coverLetter: "Changed" }, caller("FREELANCER").token)).status,
    ).toBe(403);
  });

  it("never makes a second contract: accepting again is 409, and only one of two concurrent accepts wins", async () => {
    const { client, job, proposals } = await jobWithProposals(2);
    const [r1, r2] = await Promise.all([
      accept(job.id, proposals[0].id, client.token),
      accept(job.id, proposals[1].id, client.token),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const winner = r1.status === 200 ? proposals[0] : proposals[1];
    expect((await accept(job.id, winner.id, client.token)).status).toBe(409);
    const contracts = await contractsOf(proposals.map((p) => p.id));
    expect(contracts.map((c) => c.proposal_id)).toEqual([winner.id]);
  });

  it("reuses the contract a previous attempt created when its reply was lost", async () => {
    const { client, job, freelancers, proposals } = await jobWithProposals(1);
    // what a first attempt leaves behind when contracts committed but jobs never saw the reply
    const earlier = crypto.randomUUID();
    const sql = stack.db("contracts");
    await sql`insert into contracts (id, job_id, proposal_id, job_title, client_id, freelancer_id)
              values (${earlier}, ${job.id}, ${proposals[0].id}, 'Accept me', ${client.id}, ${freelancers[0].id})`;
    await sql.end();
    const res = await accept(job.id, proposals[0].id, client.token);
    expect(res.status).toBe(200);
    expect(res.body.contractId).toBe(earlier);
    expect((await contractsOf([proposals[0].id])).length).toBe(1);
  });

  it("fails cleanly with 504 while contracts is down, then succeeds once it is back, with one contract", async () => {
    const { client, job, proposals } = await jobWithProposals(2);
    for (const p of stack.replicas("contracts")) await stack.kill(p);
    // spawn() waits for one more consumer than it sees: let the broker's count drop to 0 first
    await waitFor(
      "contracts to stop consuming",
      async () => (await queueInfo(stack.ns, "queue_contracts"))?.consumers === 0,
      30_000,
    );
    const res = await accept(job.id, proposals[0].id, client.token);
    expect([503, 504]).toContain(res.status);
    const sql = stack.db("jobs");
    const [row] = await sql`select active, (select array_agg(status order by created_at) from proposals
        where job_id = ${job.id}) as statuses from jobs where id = ${job.id}`;
    await sql.end();
    expect(row).toEqual({ active: true, statuses: ["PENDING", "PENDING"] });
    expect((await a.get(`/api/v1/jobs/${job.id}`, client.token)).body.active).toBe(true);
    await stack.spawn("contracts");
    const again = await accept(job.id, proposals[0].id, client.token);
    expect(again.status).toBe(200);
    expect((await contractsOf(proposals.map((p) => p.id))).length).toBe(1);
  }, 60_000);
});
