// Pays a request in one database transaction: payment transaction, wallet credit, CREDIT wallet entry, request
// PAID and the outbox message to contracts commit together or not at all (the seed saved them one by one, so a
// failure between two saves left a request PAID with no credit). The request row is
// locked first, so of concurrent payers exactly one finds it PENDING; the others get 409.
import { balanceLimit, command, requestKeys } from "../command.ts";
import { requestId } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";
import { conflict, forbidden, notFound } from "../../runtime/errors.ts";
import { requireRole } from "../../runtime/command.ts";
import { contractsCommands } from "../../contracts/schemas.ts";

export default command({
  name: "payPaymentRequest",
  input: requestId,
  write: true,
  async run(ctx, input) {
    const clientId = requireRole(ctx, "CLIENT").id;
    const request = await ctx.store.lockRequest(input.id);
    if (!request) throw notFound("Payment request not found");
    if (request.client_id !== clientId) throw forbidden("Only the client of this payment request can pay it");
    if (request.status !== "PENDING") {
      throw conflict(
        request.status === "PAID"
          ? "This payment request is already paid"
          : `This payment request is ${request.status} and cannot be paid`,
      );
    }
    const payment = await ctx.store.insertPaymentTransaction({
      paymentRequestId: request.id,
      amount: request.amount,
      status: "SUCCESS",
    });
    // users' createWallet message may not have arrived yet: create the wallet here rather than fail the payment.
    await ctx.store.ensureWallet(request.freelancer_id);
    const wallet = await ctx.store.creditWallet(request.freelancer_id, request.amount);
    if (!wallet) throw balanceLimit();
    await ctx.store.insertWalletTransaction({
      walletId: wallet.freelancer_id,
      amount: request.amount,
      type: "CREDIT",
      balanceAfter: wallet.balance,
      paymentTransactionId: payment.id,
    });
    const paid = await ctx.store.setRequestStatus(request.id, "PAID");
    const paidMilestone = { milestoneId: request.reference_id, paymentRequestId: request.id };
    await ctx.outbox.send(contractsCommands.markMilestonePaid, paidMilestone);
    ctx.cache.invalidate(...requestKeys(paid));
    // The freelancer's balance is theirs: the paying client is not told it.
    return { transactionId: payment.id, transactionStatus: payment.status, paymentRequest: paymentRequestView(paid) };
  },
});
