import { cacheKeys, changedMeanwhile, command, terminateFor } from "../command.ts";
import { handleTerminationRequest } from "../schemas.ts";
import { terminationView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";
import { conflict, notFound } from "../../runtime/errors.ts";

// An admin answers a request; accepting it terminates the contract and rejects its other pending requests.
export default command({
  name: "handleTerminationRequest",
  input: handleTerminationRequest,
  write: true,
  async run(ctx, input) {
    requireRole(ctx, "ADMIN");
    const found = await ctx.store.findTermination(input.id);
    if (!found) throw notFound("No termination request with this id");
    const contract = (await ctx.store.lockContract(found.contract_id))!;
    const request = (await ctx.store.lockTermination(input.id))!;
    if (request.status !== "PENDING") throw conflict(`This termination request is already ${request.status}`);
    if (input.chosenStatus === "ACCEPTED") await terminateFor(ctx, contract, request.id);
    const handled = (await ctx.store.setTerminationStatus(request, input.chosenStatus)) ?? changedMeanwhile();
    ctx.cache.invalidate(cacheKeys.pendingTerminations(contract.id));
    return terminationView(handled);
  },
});
