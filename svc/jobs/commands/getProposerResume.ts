import { command } from "../command.ts";
import { forbidden, notFound } from "../../runtime/errors.ts";
import { acceptProposal } from "../schemas.ts";
import { usersCommands } from "../../users/schemas.ts";
import { requireRole } from "../../runtime/command.ts";

/** The resume of a freelancer who sent a proposal to the calling client's job (the gateway signs its link). */
export default command({
  name: "getProposerResume",
  input: acceptProposal,
  async run(ctx, { jobId, proposalId }) {
    const client = requireRole(ctx, "CLIENT");
    const job = await ctx.store.findJob(jobId);
    if (!job) throw notFound("Job not found");
    if (job.client_id !== client.id) throw forbidden("Only the job's client can see its proposers' resumes");
    const proposal = await ctx.store.findProposal(proposalId);
    if (!proposal || proposal.job_id !== jobId) throw notFound("Proposal not found");
    return ctx.call(usersCommands.resumeOfFreelancer, { freelancerId: proposal.freelancer_id });
  },
});
