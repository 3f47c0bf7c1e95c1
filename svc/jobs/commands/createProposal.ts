import { command, milestoneRows, proposalsKey } from "../command.ts";
import { conflict, notFound } from "../../runtime/errors.ts";
import { createProposal } from "../schemas.ts";
import { proposalView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "createProposal",
  input: createProposal,
  write: true,
  async run(ctx, input) {
    const freelancer = requireRole(ctx, "FREELANCER");
    const milestones = milestoneRows(input.milestones);
    // A share lock: an accept running now (which deactivates the job) finishes first, so no proposal lands on an
    // accepted job.
    const job = await ctx.store.lockJob(input.id, "share");
    if (!job) throw notFound("Job not found");
    if (!job.active) throw conflict("This job is no longer active");
    const created = await ctx.store.insertProposal({
      jobId: job.id,
      freelancerId: freelancer.id,
      coverLetter: input.coverLetter,
      jobDuration: input.jobDuration,
      attachments: input.attachments ?? [],
      milestones,
    });
    if (!created) throw conflict("You already made a proposal on this job");
    ctx.cache.invalidate(proposalsKey(job.id));
    return proposalView(created);
  },
});
