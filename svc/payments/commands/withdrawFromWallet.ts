// The wallet row is locked for the whole transaction, so concurrent withdrawals run one after another and
// the balance never goes below zero (the table's CHECK is the last line of defence).
import { command, insufficientBalance } from "../command.ts";
import { withdraw } from "../schemas.ts";
import { walletTransactionView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";
import { decimalToNumber, exactDecimal } from "../../runtime/money.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "withdrawFromWallet",
  input: withdraw,
  write: true,
  async run(ctx, input) {
    const freelancerId = requireRole(ctx, "FREELANCER").id;
    const amount = exactDecimal(input.amount);
    const wallet = await ctx.store.lockWallet(freelancerId);
    if (!wallet) throw notFound("Wallet not found");
    const debited = await ctx.store.debitWallet(freelancerId, amount);
    if (!debited) throw insufficientBalance(wallet.balance, amount);
    const entry = await ctx.store.insertWalletTransaction({
      walletId: freelancerId,
      amount,
      type: "DEBIT",
      balanceAfter: debited.balance,
      description: input.description,
    });
    return { balance: decimalToNumber(debited.balance), transaction: walletTransactionView(entry) };
  },
});
