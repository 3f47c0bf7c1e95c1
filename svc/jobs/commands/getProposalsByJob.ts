import { cachedJob, cacheTtlSeconds, command, proposalsKey } from "../command.ts";
import { requireRole } from "../../runtime/command.ts";
import { forbidden } from "../../runtime/errors.ts";
import { jobId } from "../schemas.ts";
import { proposalView } from "../views.ts";

/** The job's client sees every proposal; a freelancer sees only their own (a list of at most one); anyone else 403. */
export default command({
  name: "getProposalsByJob",
  input: jobId,
  async run(ctx, { id }) {
    const caller = requireRole(ctx);
    const job = await cachedJob(ctx, id);
    const isOwner = job.clientId === caller.id;
    if (!isOwner && caller.role !== "FREELANCER") throw forbidden("Only the job's client can see its proposals");
    const proposals = await ctx.cache.getOrLoad(proposalsKey(id), cacheTtlSeconds, async () =>
      (await ctx.store.proposalsOfJob(id)).map(proposalView),
    );
    return isOwner ? proposals : proposals.filter((p) => p.freelancerId === caller.id);
  },
});
