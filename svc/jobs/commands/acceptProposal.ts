import { command, jobKey, proposalsKey, searchKey } from "../command.ts";
import { conflict, forbidden, notFound } from "../../runtime/errors.ts";
import { acceptProposal } from "../schemas.ts";
import { contractsCommands } from "../../contracts/schemas.ts";
import { requireRole } from "../../runtime/command.ts";

/**
 * The job's client accepts a pending proposal, in three steps so that no row lock or pooled connection is held
 * while contracts answers: take the job for the proposal (it stops being active), have contracts make the contract,
 * then, in the request's transaction, accept the proposal and reject the others. Contracts is idempotent on the
 * proposal id: a redelivery, or the client's retry, of an acceptance that stopped half-way finds the job taken for
 * this proposal and the same contract, and completes it. If contracts fails or does not answer, the job is active
 * again and nothing else changed.
 */
export default command({
  name: "acceptProposal",
  input: acceptProposal,
  write: true,
  async prepare(ctx, { jobId, proposalId }) {
    const client = requireRole(ctx, "CLIENT");
    const job = await ctx.store.findJob(jobId);
    if (!job) throw notFound("Job not found");
    if (job.client_id !== client.id) throw forbidden("Only the job's client can accept its proposals");
    const proposal = await ctx.store.findProposal(proposalId);
    if (!proposal || proposal.job_id !== jobId) throw notFound("Proposal not found");
    if (!job.active && job.accepted_proposal_id !== proposalId) throw conflict("This job is no longer active");
    if (proposal.status !== "PENDING") throw conflict(`The proposal is ${proposal.status.toLowerCase()}, not pending`);
    if (!(await ctx.store.deactivateJob(jobId, proposalId))) throw conflict("This job is no longer active");
    // Read again now that the job is taken: no change to the proposal can land after this (see updateProposal).
    const terms = (await ctx.store.findProposal(proposalId))!;
    return ctx
      .call(contractsCommands.initiateContract, {
        jobId,
        proposalId,
        jobTitle: job.title,
        clientId: job.client_id,
        freelancerId: terms.freelancer_id,
        milestones: terms.milestones.map((m) => ({ description: m.description, amount: m.amount, dueDate: m.dueDate })),
      })
      .catch(async (err) => {
        await ctx.store.reactivateJob(jobId, proposalId);
        ctx.cache.invalidate(jobKey(jobId), searchKey); // a reader may have cached it inactive meanwhile
        throw err;
      });
  },
  async run(ctx, { jobId, proposalId }, contract: { id: string }) {
    // Job first, then proposal: the lock order every writer of both follows.
    await ctx.store.lockJob(jobId, "update");
    const proposal = await ctx.store.lockProposal(proposalId);
    // Another request completed this acceptance meanwhile (it answered with the same contract).
    if (proposal?.status !== "PENDING") {
      throw conflict(`The proposal is ${proposal?.status.toLowerCase()}, not pending`);
    }
    await ctx.store.setProposalStatus(proposalId, "ACCEPTED");
    await ctx.store.rejectOtherPending(jobId, proposalId);
    ctx.cache.invalidate(jobKey(jobId), proposalsKey(jobId), searchKey);
    return {
      message: "Proposal Accepted Successfully!",
      job: { id: jobId, active: false },
      proposal: { id: proposalId, status: "ACCEPTED" },
      contractId: contract.id,
    };
  },
});
