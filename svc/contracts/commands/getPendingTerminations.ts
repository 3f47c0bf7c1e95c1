import { cacheKeys, cacheTtlSeconds, command, readableContract } from "../command.ts";
import { contractId } from "../schemas.ts";
import { terminationView } from "../views.ts";

export default command({
  name: "getPendingTerminations",
  input: contractId,
  async run(ctx, input) {
    await readableContract(ctx, input.id);
    const terminationRequests = await ctx.cache.getOrLoad(
      cacheKeys.pendingTerminations(input.id),
      cacheTtlSeconds,
      async () => (await ctx.store.pendingTerminations(input.id)).map(terminationView),
    );
    return { terminationRequests };
  },
});
