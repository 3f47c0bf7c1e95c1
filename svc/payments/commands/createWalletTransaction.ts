// Internal: a manual wallet movement. Unlike the original (bug 24) it moves the balance under the wallet's row
// lock: a CREDIT adds, a DEBIT subtracts and never below zero.
import { balanceLimit, command, insufficientBalance } from "../command.ts";
import { createWalletTransaction } from "../schemas.ts";
import { walletTransactionView } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";
import { decimalToNumber, exactDecimal } from "../../runtime/money.ts";

export default command({
  name: "createWalletTransaction",
  input: createWalletTransaction,
  write: true,
  internal: true,
  async run(ctx, input) {
    const amount = exactDecimal(input.amount);
    const wallet = await ctx.store.lockWallet(input.freelancerId);
    if (!wallet) throw notFound("Wallet not found");
    if (input.paymentTransactionId && !(await ctx.store.findPaymentTransaction(input.paymentTransactionId))) {
      throw notFound("Payment transaction not found");
    }
    const credit = input.transactionType === "CREDIT";
    const moved = credit
      ? await ctx.store.creditWallet(wallet.freelancer_id, amount)
      : await ctx.store.debitWallet(wallet.freelancer_id, amount);
    if (!moved) throw credit ? balanceLimit() : insufficientBalance(wallet.balance, amount);
    const entry = await ctx.store.insertWalletTransaction({
      walletId: wallet.freelancer_id,
      amount,
      type: input.transactionType,
      balanceAfter: moved.balance,
      paymentTransactionId: input.paymentTransactionId,
      description: input.description,
    });
    return { ...walletTransactionView(entry), balance: decimalToNumber(moved.balance) };
  },
});
