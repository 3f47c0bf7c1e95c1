// Only the request's client or freelancer may read it; anyone else gets the same 404 as for an unknown id.
import { cacheKeys, cacheTtl, command } from "../command.ts";
import { requestId } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";
import { notFound } from "../../runtime/errors.ts";

export default command({
  name: "getPaymentRequest",
  input: requestId,
  async run(ctx, input) {
    const caller = requireRole(ctx);
    const request = await ctx.cache.getOrLoad(cacheKeys.request(input.id), cacheTtl, async () => {
      const row = await ctx.store.findRequest(input.id);
      return row ? paymentRequestView(row) : null;
    });
    if (!request || (request.clientId !== caller.id && request.freelancerId !== caller.id))
      throw notFound("Payment request not found");
    return request;
  },
});
