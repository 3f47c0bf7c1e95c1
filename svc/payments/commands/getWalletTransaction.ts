// Only the caller's own wallet transactions (the original let anyone read any of them by id).
import { command } from "../command.ts";
import { walletTransactionId } from "../schemas.ts";
import { walletTransactionView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getWalletTransaction",
  input: walletTransactionId,
  async run(ctx, input) {
    const entry = await ctx.store.findWalletTransaction(requireRole(ctx, "FREELANCER").id, input.id);
    if (!entry) throw notFound("Wallet transaction not found");
    return walletTransactionView(entry);
  },
});
