// Input schemas of the payments commands (shared by the gateway route table and the service).
import { t, Uuid, OptionalText } from "../runtime/types.ts";
import { Amount } from "../runtime/money.ts";

export const empty = t.Object({});
export const requestId = t.Object({ id: Uuid("payment request id") });
export const walletTransactionId = t.Object({ id: Uuid("wallet transaction id") });
export const withdraw = t.Object({ amount: Amount(), description: OptionalText(500) });

// Internal (service-to-service) commands.
export const createPaymentRequest = t.Object({
  clientId: Uuid("clientId"), freelancerId: Uuid("freelancerId"), amount: Amount(),
  referenceId: Uuid("the contract milestone id"), contractId: t.Optional(t.Union([Uuid("contractId"), t.Null()])),
});
export const createWallet = t.Object({ freelancerId: Uuid("freelancerId") });
export const createWalletTransaction = t.Object({
  freelancerId: Uuid("freelancerId"), amount: Amount(),
  transactionType: t.Union([t.Literal("DEBIT"), t.Literal("CREDIT")]),
  paymentTransactionId: t.Optional(t.Union([Uuid("paymentTransactionId"), t.Null()])),
  description: OptionalText(500),
});
