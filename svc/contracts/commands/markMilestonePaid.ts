import { changedMeanwhile, command, lockMilestone, milestoneChanged } from "../command.ts";
import { markMilestonePaid } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import { nextMilestoneStatus } from "../milestoneStates.ts";

// From payments (through its outbox) once the milestone's payment request is paid. Idempotent: already PAID is ok.
// A payment that happened is recorded even on a terminated contract (the money has moved); such a contract stays
// TERMINATED, an active one becomes COMPLETED with its last milestone paid.
export default command({
  name: "markMilestonePaid",
  input: markMilestonePaid,
  write: true,
  internal: true,
  async run(ctx, input) {
    const { contract, milestone } = await lockMilestone(ctx, input.milestoneId);
    // Already PAID is ok (payments may tell twice); the contract is completed if that was not done yet.
    const alreadyPaid = milestone.status === "PAID";
    const paid = alreadyPaid
      ? milestone
      : ((await ctx.store.setMilestoneStatus(milestone, nextMilestoneStatus("pay", milestone.status), {
          paymentRequestId: input.paymentRequestId ?? null,
        })) ?? changedMeanwhile());
    let contractStatus = contract.status;
    if (contract.status === "ACTIVE" && (await ctx.store.allMilestonesPaid(contract.id))) {
      // Null only without row locks, when another milestone's payment completed it first.
      const completed = await ctx.store.setContractStatus(contract, "COMPLETED");
      contractStatus = (completed ?? (await ctx.store.findContract(contract.id)))!.status;
    }
    if (!alreadyPaid || contractStatus !== contract.status) milestoneChanged(ctx, paid); // drops the contract too
    return { ok: true, milestone: milestoneView(paid), contractStatus };
  },
});
