// Internal (users -> payments, through users' outbox when a freelancer registers). An existing wallet is not an error.
import { command } from "../command.ts";
import { createWallet } from "../schemas.ts";
import { walletView } from "../views.ts";

export default command({
  name: "createWallet",
  input: createWallet,
  write: true,
  internal: true,
  async run(ctx, input) {
    await ctx.store.ensureWallet(input.freelancerId);
    return walletView((await ctx.store.findWallet(input.freelancerId))!);
  },
});
