import { cacheKeys, command, requireActive } from "../command.ts";
import { requestContractTermination } from "../schemas.ts";
import { terminationView } from "../views.ts";
import { requireCaller } from "../../runtime/command.ts";
import { conflict, forbidden, notFound } from "../../runtime/errors.ts";

export default command({
  name: "requestContractTermination",
  input: requestContractTermination,
  write: true,
  async run(ctx, input) {
    const caller = requireCaller(ctx);
    const contract = await ctx.store.lockContract(input.id);
    if (!contract) throw notFound("No contract with this id");
    if (caller.id !== contract.client_id && caller.id !== contract.freelancer_id) {
      throw forbidden("Only the contract's client and freelancer can ask to terminate it");
    }
    requireActive(contract);
    if (await ctx.store.hasPendingTermination(contract.id, caller.id)) {
      throw conflict("You already have a pending termination request for this contract");
    }
    const request = await ctx.store.insertTermination(contract.id, caller.id, input.reason, ctx.requestId);
    ctx.cache.invalidate(cacheKeys.pendingTerminations(contract.id));
    return terminationView(request);
  },
});
