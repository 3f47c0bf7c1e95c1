import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { walletView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getWallet",
  input: empty,
  async run(ctx) {
    const wallet = await ctx.store.findWallet(requireRole(ctx, "FREELANCER").id);
    if (!wallet) throw notFound("Wallet not found");
    return walletView(wallet);
  },
});
