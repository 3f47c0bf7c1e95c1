// Accepting a proposal runs in steps around the call to contracts (svc/jobs/commands/acceptProposal.ts): the jobs
// replica is killed with SIGKILL between them, while contracts has not answered yet. The redelivered request finishes
// on a new replica: one contract, the proposal accepted once, and no row lock or transaction held during the call.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { queueInfo, waitFor } from "../support/stack.ts";
import { caller, postJob, propose } from "../jobs/jobsApi.ts";

// The gateway and the nested call wait long enough for a new jobs replica and contracts to come up.
const { stack, api: a } = useStack({
  services: ["jobs", "contracts"],
  env: { GATEWAY_TIMEOUT_MS: "45000", RPC_TIMEOUT_MS: "40000" },
});

describe("a jobs replica killed between the steps of accepting a proposal", () => {
  it("finishes the acceptance on another replica, exactly once, without locks held during the call", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client, { title: "Accept me after a crash" });
    const chosen = await propose(a, job.id, caller("FREELANCER"));
    const other = await propose(a, job.id, caller("FREELANCER"));
    // Contracts stops consuming: the call to initiateContract waits in its queue.
    for (const p of stack.replicas("contracts")) await stack.kill(p);
    await waitFor(
      "contracts to stop consuming",
      async () => (await queueInfo(stack.ns, "queue_contracts"))?.consumers === 0,
    );

    const sent = a.post(`/api/v1/jobs/${job.id}/proposals/${chosen.id}/accept`, undefined, client.token);
    const jobs = stack.db("jobs");
    try {
      await waitFor(
        "the job to be taken for the proposal",
        async () => {
          const [row] = await jobs`select active, accepted_proposal_id from jobs where id = ${job.id}`;
          return row.active === false && row.accepted_proposal_id === chosen.id;
        },
        15_000,
        20,
      );
      await waitFor(
        "the call to wait in queue_contracts",
        async () => (await queueInfo(stack.ns, "queue_contracts"))?.messages === 1,
      );
      const open = await jobs`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'
          and application_name like ${`${stack.ns}-jobs-%`}`;
      expect(open[0].n).toBe(0); // no transaction (so no row lock, no pinned connection) while contracts is asked

      const [victim] = stack.replicas("jobs");
      await stack.kill(victim, "SIGKILL");
      await stack.spawn("jobs");
      await stack.spawn("contracts");

      const reply = await sent;
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        proposal: { id: chosen.id, status: "ACCEPTED" },
        job: { id: job.id, active: false },
      });
      const contracts = stack.db("contracts");
      const made = await contracts`select id from contracts where job_id = ${job.id}`;
      await contracts.end();
      expect(made.map((c) => c.id)).toEqual([reply.body.contractId]);
      const statuses = await jobs`select id, status from proposals where job_id = ${job.id}`;
      expect(Object.fromEntries(statuses.map((p) => [p.id, p.status]))).toEqual({
        [chosen.id]: "ACCEPTED",
        [other.id]: "REJECTED",
      });
      const [row] = await jobs`select active from jobs where id = ${job.id}`;
      expect(row.active).toBe(false);
    } finally {
      await jobs.end();
    }
  }, 90_000);
});
