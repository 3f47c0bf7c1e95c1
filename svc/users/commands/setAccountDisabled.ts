import { announceAccount, command, manageableAccount } from "../command.ts";
import { setAccountDisabled } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// An admin disables an account (no login, its tokens refused everywhere at once) or enables it again.
export default command({
  name: "setAccountDisabled",
  input: setAccountDisabled,
  write: true,
  async run(ctx, { userId, disabled }) {
    await manageableAccount(ctx, userId);
    const user = await ctx.store.setDisabled(userId, disabled);
    if (!user) throw notFound("No account with this id");
    announceAccount(ctx, userId, disabled ? "disabled" : "enabled");
    return { userId, disabled: user.disabled };
  },
});
