import { cacheKeys, cacheTtlSeconds, command, partiesOf, requireReader } from "../command.ts";
import { milestoneId } from "../schemas.ts";
import { milestoneView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";

export default command({
  name: "getMilestone",
  input: milestoneId,
  async run(ctx, input) {
    // Cached with the contract's parties (which never change), so the access check needs no second read.
    const entry = await ctx.cache.getOrLoad(cacheKeys.milestone(input.id), cacheTtlSeconds, async () => {
      const milestone = await ctx.store.findMilestone(input.id);
      if (!milestone) return null;
      const contract = (await ctx.store.findContract(milestone.contract_id))!;
      return { milestone: milestoneView(milestone), parties: partiesOf(contract) };
    });
    if (!entry) throw notFound("No milestone with this id");
    requireReader(ctx, entry.parties);
    return entry.milestone;
  },
});
