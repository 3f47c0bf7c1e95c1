import { changedByThisRequest, changedMeanwhile, command, lockMilestone, milestoneChanged, requireActive } from "../command.ts";
import { milestoneId } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import type { MilestoneStatus } from "../store.ts";
import { conflict } from "../../runtime/errors.ts";
import { requireRole } from "../../runtime/command.ts";

const nextStatus: Partial<Record<MilestoneStatus, MilestoneStatus>> = { OPEN: "IN_PROGRESS", IN_PROGRESS: "IN_REVIEW" };

// The contract's freelancer moves a milestone on: OPEN -> IN_PROGRESS -> IN_REVIEW.
export default command({
  name: "progressMilestone",
  input: milestoneId,
  write: true,
  async run(ctx, input) {
    const { contract, milestone } = await lockMilestone(ctx, input.id);
    requireRole(ctx, "FREELANCER", { id: contract.freelancer_id, what: "the contract's freelancer" });
    requireActive(contract);
    const next = nextStatus[milestone.status];
    const resumed = changedByThisRequest(ctx, milestone);
    if (!next && !resumed) throw conflict(`A milestone that is ${milestone.status} cannot be progressed`);
    const updated = resumed ? milestone
      : (await ctx.store.setMilestoneStatus(milestone, next!, { requestId: ctx.requestId })) ?? changedMeanwhile();
    milestoneChanged(ctx, updated);
    return milestoneView(updated);
  },
});
