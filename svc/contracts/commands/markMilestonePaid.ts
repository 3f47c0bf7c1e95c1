import { command, lockMilestone, milestoneChanged } from "../command.ts";
import { markMilestonePaid } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import { conflict } from "../../runtime/errors.ts";

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
    if (milestone.status === "PAID") return { ok: true, milestone: milestoneView(milestone), contractStatus: contract.status };
    if (milestone.status !== "ACCEPTED") throw conflict(`Only an ACCEPTED milestone can be paid; this one is ${milestone.status}`);
    const paid = await ctx.store.setMilestoneStatus(milestone.id, "PAID", input.paymentRequestId ?? null);
    let contractStatus = contract.status;
    if (contract.status === "ACTIVE" && (await ctx.store.allMilestonesPaid(contract.id))) {
      contractStatus = (await ctx.store.setContractStatus(contract.id, "COMPLETED")).status;
    }
    milestoneChanged(ctx, paid); // drops the contract too
    return { ok: true, milestone: milestoneView(paid), contractStatus };
  },
});
