// Input schemas of the payments commands (shared by the gateway route table and the service).
import { commandsOf } from "../runtime/commandContract.ts";
import * as r from "./responses.ts";
import { t, Uuid, OptionalText } from "../runtime/types.ts";
import { Amount } from "../runtime/money.ts";

export const empty = t.Object({});
export const requestId = t.Object({ id: Uuid("payment request id") });
export const walletTransactionId = t.Object({ id: Uuid("wallet transaction id") });
export const withdraw = t.Object({ amount: Amount(), description: OptionalText(500) });

// Internal (service-to-service) commands.
export const createPaymentRequest = t.Object({
  clientId: Uuid("clientId"),
  freelancerId: Uuid("freelancerId"),
  amount: Amount(),
  referenceId: Uuid("the contract milestone id"),
  contractId: t.Optional(t.Union([Uuid("contractId"), t.Null()])),
});
export const createWallet = t.Object({ freelancerId: Uuid("freelancerId") });
export const createWalletTransaction = t.Object({
  freelancerId: Uuid("freelancerId"),
  amount: Amount(),
  transactionType: t.Union([t.Literal("DEBIT"), t.Literal("CREDIT")]),
  paymentTransactionId: t.Optional(t.Union([Uuid("paymentTransactionId"), t.Null()])),
  description: OptionalText(500),
});

/** Every payments command: the route table, other services' ctx.call and outbox messages name it by these. */
const paymentsCommand = commandsOf("payments");
export const paymentsCommands = {
  createPaymentRequest: paymentsCommand("createPaymentRequest", createPaymentRequest, r.paymentRequest),
  createWallet: paymentsCommand("createWallet", createWallet, r.wallet),
  createWalletTransaction: paymentsCommand("createWalletTransaction", createWalletTransaction, r.walletEntry),
  getClientPaymentRequests: paymentsCommand("getClientPaymentRequests", empty, r.paymentRequests),
  getClientPaymentTransactions: paymentsCommand("getClientPaymentTransactions", empty, r.paymentTransactions),
  getFreelancerPaymentRequests: paymentsCommand("getFreelancerPaymentRequests", empty, r.paymentRequests),
  getFreelancerPaymentTransactions: paymentsCommand("getFreelancerPaymentTransactions", empty, r.paymentTransactions),
  getPaymentRequest: paymentsCommand("getPaymentRequest", requestId, r.paymentRequest),
  getWallet: paymentsCommand("getWallet", empty, r.wallet),
  getWalletTransaction: paymentsCommand("getWalletTransaction", walletTransactionId, r.walletTransaction),
  getWalletTransactions: paymentsCommand("getWalletTransactions", empty, r.walletTransactions),
  payPaymentRequest: paymentsCommand("payPaymentRequest", requestId, r.payment),
  withdrawFromWallet: paymentsCommand("withdrawFromWallet", withdraw, r.withdrawal),
};
