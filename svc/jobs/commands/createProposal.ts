import { command, milestoneRows, proposalsKey } from "../command.ts";
import { conflict, notFound } from "../../runtime/errors.ts";
import { createProposal } from "../schemas.ts";
import { proposalView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

const refusals = {
  "no job": () => notFound("Job not found"),
  "inactive job": () => conflict("This job is no longer active"),
  duplicate: () => conflict("You already made a proposal on this job"),
};

export default command({
  name: "createProposal",
  input: createProposal,
  write: true,
  async run(ctx, input) {
    const freelancer = requireRole(ctx, "FREELANCER");
    const outcome = await ctx.store.insertProposal({
      jobId: input.id,
      freelancerId: freelancer.id,
      coverLetter: input.coverLetter,
      jobDuration: input.jobDuration,
      attachments: input.attachments ?? [],
      milestones: milestoneRows(input.milestones),
    });
    if ("refused" in outcome) throw refusals[outcome.refused]();
    ctx.cache.invalidate(proposalsKey(input.id));
    return proposalView(outcome.proposal);
  },
});
