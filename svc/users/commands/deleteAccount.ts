import { announceAccount, command, manageableAccount } from "../command.ts";
import { accountId } from "../schemas.ts";

// An admin deletes an account: its token is refused everywhere as soon as the gateways hear of it.
export default command({
  name: "deleteAccount",
  input: accountId,
  write: true,
  async run(ctx, { userId }) {
    await manageableAccount(ctx, userId);
    await ctx.store.remove(userId);
    announceAccount(ctx, userId, "deleted");
    return { userId, deleted: true };
  },
});
