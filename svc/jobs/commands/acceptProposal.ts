import { command, jobKey, proposalsKey } from "../command.ts";
import { conflict, forbidden, notFound } from "../../runtime/errors.ts";
import { acceptProposal } from "../schemas.ts";
import { requireRole } from "../../runtime/command.ts";

interface Contract { id: string }

/**
 * The job's client accepts a pending proposal: the contract is created over RPC inside this transaction, so if
 * contracts fails or does not answer, nothing here changes (job active, proposal pending). Contracts is idempotent
 * on the proposal id, so a retry after a lost reply finds the same contract.
 */
export default command({
  name: "acceptProposal",
  input: acceptProposal,
  write: true,
  async run(ctx, { jobId, proposalId }) {
    const client = requireRole(ctx, "CLIENT");
    // Job first, then proposal: the lock order every writer of both follows.
    const job = await ctx.store.lockJob(jobId, "update");
    if (!job) throw notFound("Job not found");
    if (job.client_id !== client.id) throw forbidden("Only the job's client can accept its proposals");
    const proposal = await ctx.store.lockProposal(proposalId);
    if (!proposal || proposal.job_id !== jobId) throw notFound("Proposal not found");
    // A store outside the transaction may hold this very request's first steps (redelivered after a crash): carry on.
    const resumed = job.accepted_by_request === ctx.requestId;
    if (!job.active && !resumed) throw conflict("This job is no longer active");
    if (proposal.status !== "PENDING" && !resumed) throw conflict(`The proposal is ${proposal.status.toLowerCase()}, not pending`);
    // Accept once: the job is taken for this proposal before the contract exists (a conditional write where there is no row lock).
    if (!(await ctx.store.deactivateJob(jobId, { proposalId, requestId: ctx.requestId }))) throw conflict("This job is no longer active");

    const contract = await ctx.rpc.call<Contract>("contracts", "initiateContract", {
      jobId, proposalId, jobTitle: job.title, clientId: job.client_id, freelancerId: proposal.freelancer_id,
      milestones: proposal.milestones.map((m) => ({ description: m.description, amount: m.amount, dueDate: m.dueDate })),
    }, { caller: ctx.caller, traceId: ctx.traceId }).catch(async (err) => {
      await ctx.store.reactivateJob(jobId, ctx.requestId);
      throw err;
    });

    await ctx.store.setProposalStatus(proposalId, "ACCEPTED");
    await ctx.store.rejectOtherPending(jobId, proposalId);
    ctx.cache.invalidate(jobKey(jobId), proposalsKey(jobId));
    return {
      message: "Proposal Accepted Successfully!",
      job: { id: jobId, active: false },
      proposal: { id: proposalId, status: "ACCEPTED" },
      contractId: contract.id,
    };
  },
});
