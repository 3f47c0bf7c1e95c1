import { command, milestoneRows, proposalsKey } from "../command.ts";
import { conflict, forbidden, invalid, notFound } from "../../runtime/errors.ts";
import { updateProposal } from "../schemas.ts";
import { proposalView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

/**
 * The proposal's freelancer changes it while it is pending and its job is open; only the fields given change. Job
 * first, then proposal (the lock order of every writer of both): an acceptance takes the job before it reads the
 * proposal it makes the contract from, so no change lands in between.
 */
export default command({
  name: "updateProposal",
  input: updateProposal,
  write: true,
  async run(ctx, input) {
    const freelancer = requireRole(ctx, "FREELANCER");
    const { id, coverLetter, jobDuration, attachments } = input;
    if ([coverLetter, jobDuration, attachments, input.milestones].every((v) => v === undefined)) {
      throw invalid("Give at least one of coverLetter, jobDuration, attachments, milestones");
    }
    const milestones = input.milestones && milestoneRows(input.milestones);
    const found = await ctx.store.findProposal(id);
    if (!found) throw notFound("Proposal not found");
    const job = await ctx.store.lockJob(found.job_id, "share");
    const proposal = (await ctx.store.lockProposal(id))!;
    if (proposal.freelancer_id !== freelancer.id) throw forbidden("Only the proposal's freelancer can change it");
    if (proposal.status !== "PENDING")
      throw conflict(`The proposal is ${proposal.status.toLowerCase()}; only a pending proposal can change`);
    if (!job?.active) throw conflict("The job is being accepted or closed: its proposals cannot change");
    const updated = await ctx.store.updateProposal(id, { coverLetter, jobDuration, attachments, milestones });
    if (!updated) throw conflict("The proposal is no longer pending; only a pending proposal can change");
    ctx.cache.invalidate(proposalsKey(proposal.job_id));
    return proposalView(updated);
  },
});
