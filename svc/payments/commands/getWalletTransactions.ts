import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { walletTransactionView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getWalletTransactions",
  input: empty,
  async run(ctx) {
    const freelancerId = requireRole(ctx, "FREELANCER").id;
    if (!(await ctx.store.findWallet(freelancerId))) throw notFound("Wallet not found");
    return { transactions: (await ctx.store.walletTransactions(freelancerId)).map(walletTransactionView) };
  },
});
