import { cacheKeys, cacheTtl, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getFreelancerPaymentRequests",
  input: empty,
  async run(ctx) {
    const freelancerId = requireRole(ctx, "FREELANCER").id;
    const requests = await ctx.cache.getOrLoad(cacheKeys.freelancerRequests(freelancerId), cacheTtl, async () =>
      (await ctx.store.requestsOfFreelancer(freelancerId)).map(paymentRequestView),
    );
    return { requests };
  },
});
