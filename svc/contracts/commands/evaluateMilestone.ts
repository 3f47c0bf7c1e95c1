import { changedMeanwhile, command, lockMilestone, milestoneChanged, requireActive } from "../command.ts";
import { evaluateMilestone } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import { nextMilestoneStatus } from "../milestoneStates.ts";
import { requireRole } from "../../runtime/command.ts";
import { paymentsCommands } from "../../payments/schemas.ts";

// The contract's client accepts a milestone IN_REVIEW or sends it back to IN_PROGRESS. An accepted milestone
// becomes a payment request: sent through the outbox, in this transaction, so it survives payments being down.
export default command({
  name: "evaluateMilestone",
  input: evaluateMilestone,
  write: true,
  async run(ctx, input) {
    const { contract, milestone } = await lockMilestone(ctx, input.id);
    requireRole(ctx, "CLIENT", { id: contract.client_id, what: "the contract's client" });
    requireActive(contract);
    const next = nextMilestoneStatus("evaluate", milestone.status, input.evaluatedState);
    const updated = (await ctx.store.setMilestoneStatus(milestone, next)) ?? changedMeanwhile();
    if (updated.status === "ACCEPTED") {
      await ctx.outbox.send(paymentsCommands.createPaymentRequest, {
        clientId: contract.client_id,
        freelancerId: contract.freelancer_id,
        amount: milestone.amount,
        referenceId: milestone.id,
        contractId: contract.id,
      });
    }
    milestoneChanged(ctx, updated);
    return milestoneView(updated);
  },
});
