import { changedMeanwhile, command, lockMilestone, milestoneChanged, requireActive } from "../command.ts";
import { milestoneId } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import { nextMilestoneStatus } from "../milestoneStates.ts";
import { requireRole } from "../../runtime/command.ts";

// The contract's freelancer moves a milestone on: OPEN -> IN_PROGRESS -> IN_REVIEW.
export default command({
  name: "progressMilestone",
  input: milestoneId,
  write: true,
  async run(ctx, input) {
    const { contract, milestone } = await lockMilestone(ctx, input.id);
    requireRole(ctx, "FREELANCER", { id: contract.freelancer_id, what: "the contract's freelancer" });
    requireActive(contract);
    const next = nextMilestoneStatus("progress", milestone.status);
    const updated = (await ctx.store.setMilestoneStatus(milestone, next)) ?? changedMeanwhile();
    milestoneChanged(ctx, updated);
    return milestoneView(updated);
  },
});
