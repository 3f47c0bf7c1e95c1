import { cachedJob, command } from "../command.ts";
import { requireRole } from "../../runtime/command.ts";
import { forbidden, notFound } from "../../runtime/errors.ts";
import { proposalId } from "../schemas.ts";
import { proposalView } from "../views.ts";

/** One proposal, for its freelancer or the client of its job. */
export default command({
  name: "getProposal",
  input: proposalId,
  async run(ctx, { id }) {
    const caller = requireRole(ctx);
    const proposal = await ctx.store.findProposal(id);
    if (!proposal) throw notFound("Proposal not found");
    if (proposal.freelancer_id !== caller.id && (await cachedJob(ctx, proposal.job_id)).clientId !== caller.id) {
      throw forbidden("Only the proposal's freelancer or the job's client can see this proposal");
    }
    return proposalView(proposal);
  },
});
