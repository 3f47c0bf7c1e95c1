import { cacheKeys, cacheTtl, callerAs, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";

export default command({
  name: "getClientPaymentRequests",
  input: empty,
  async run(ctx) {
    const clientId = callerAs(ctx, "CLIENT");
    const requests = await ctx.cache.getOrLoad(cacheKeys.clientRequests(clientId), cacheTtl,
      async () => (await ctx.store.requestsOfClient(clientId)).map(paymentRequestView));
    return { requests };
  },
});
