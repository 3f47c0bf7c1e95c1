import { command } from "../command.ts";
import { initiateContract } from "../schemas.ts";
import { contractView } from "../views.ts";
import { exactDecimal } from "../../runtime/money.ts";
import { conflict, invalid } from "../../runtime/errors.ts";
import { calendarDay } from "../../runtime/calendarDay.ts";

// Called by jobs' acceptProposal. Idempotent on proposalId: a retry (after a timeout, say) gets the same contract.
export default command({
  name: "initiateContract",
  input: initiateContract,
  write: true,
  internal: true,
  async run(ctx, input) {
    if (input.clientId === input.freelancerId)
      throw invalid("The client and the freelancer must be different users", "freelancerId");
    const milestones = input.milestones.map((m, i) => ({
      description: m.description,
      amount: exactDecimal(m.amount, `milestones.${i}.amount`),
      dueDate: calendarDay(m.dueDate, `milestones.${i}.dueDate`),
    }));
    const created = await ctx.store.insertContract({ ...input, milestones });
    const contract = created ?? (await ctx.store.findContractByProposal(input.proposalId))!;
    if (
      !created &&
      (contract.job_id !== input.jobId ||
        contract.client_id !== input.clientId ||
        contract.freelancer_id !== input.freelancerId)
    ) {
      throw conflict("A contract for this proposal already exists, for another job or other parties", "proposalId");
    }
    return contractView(contract, await ctx.store.listMilestones(contract.id));
  },
});
