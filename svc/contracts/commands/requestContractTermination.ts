import { cacheKeys, changedMeanwhile, command, requireActive, terminateFor, type Ctx } from "../command.ts";
import type { ContractRow, TerminationRow } from "../store.ts";
import { requestContractTermination } from "../schemas.ts";
import { terminationView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";
import { conflict, forbidden, notFound } from "../../runtime/errors.ts";

export default command({
  name: "requestContractTermination",
  input: requestContractTermination,
  write: true,
  async run(ctx, input) {
    const caller = requireRole(ctx);
    const contract = await ctx.store.lockContract(input.id);
    if (!contract) throw notFound("No contract with this id");
    if (caller.id !== contract.client_id && caller.id !== contract.freelancer_id) {
      throw forbidden("Only the contract's client and freelancer can ask to terminate it");
    }
    requireActive(contract);
    if (await ctx.store.hasPendingTermination(contract.id, caller.id)) {
      throw conflict("You already have a pending termination request for this contract");
    }
    const request = await ctx.store.insertTermination(contract.id, caller.id, input.reason);
    ctx.cache.invalidate(cacheKeys.pendingTerminations(contract.id));
    return terminationView((await cancelledInGrace(ctx, contract, request)) ?? request);
  },
});

/** Within the grace period, before any work started: the contract ends now and the request is ACCEPTED. */
async function cancelledInGrace(
  ctx: Ctx,
  contract: ContractRow,
  request: TerminationRow,
): Promise<TerminationRow | null> {
  if (Date.now() - new Date(contract.created_at).getTime() >= ctx.config.cancelGraceMs) return null;
  if (!(await ctx.store.listMilestones(contract.id)).every((m) => m.status === "OPEN")) return null;
  await terminateFor(ctx, contract, request.id);
  return (await ctx.store.setTerminationStatus(request, "ACCEPTED")) ?? changedMeanwhile();
}
