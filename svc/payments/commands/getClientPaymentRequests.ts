import { cacheKeys, cacheTtl, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getClientPaymentRequests",
  input: empty,
  async run(ctx) {
    const clientId = requireRole(ctx, "CLIENT").id;
    const requests = await ctx.cache.getOrLoad(cacheKeys.clientRequests(clientId), cacheTtl, async () =>
      (await ctx.store.requestsOfClient(clientId)).map(paymentRequestView),
    );
    return { requests };
  },
});
