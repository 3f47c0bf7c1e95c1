// What the payments commands answer (svc/payments/views.ts builds them): the OpenAPI document's response schemas.
import { t, Answer, OneOf, Money, Nullable, Time, Uuid } from "../runtime/types.ts";

export const paymentRequest = Answer({
  id: Uuid("payment request id"),
  clientId: Uuid("client id"),
  freelancerId: Uuid("freelancer id"),
  contractId: Nullable(Uuid("contract id")),
  referenceId: Uuid("the contract milestone id"),
  amount: Money(),
  status: OneOf(["PENDING", "PAID", "CANCELLED"]),
  createdAt: Time(),
  updatedAt: Time(),
});
export const paymentRequests = Answer({ requests: t.Array(paymentRequest) });
export const paymentTransaction = Answer({
  id: Uuid("payment transaction id"),
  paymentRequestId: Uuid("payment request id"),
  amount: Money(),
  status: OneOf(["PENDING", "SUCCESS", "FAILED"]),
  createdAt: Time(),
  updatedAt: Time(),
});
export const paymentTransactions = Answer({ transactions: t.Array(paymentTransaction) });
export const wallet = Answer({
  freelancerId: Uuid("freelancer id"),
  balance: Money(),
  createdAt: Time(),
  updatedAt: Time(),
});
export const walletTransaction = Answer({
  id: Uuid("wallet transaction id"),
  walletId: Uuid("wallet id"),
  amount: Money(),
  transactionType: OneOf(["DEBIT", "CREDIT"]),
  paymentTransactionId: Nullable(Uuid("payment transaction id")),
  description: Nullable(t.String()),
  balanceAfter: Money(),
  createdAt: Time(),
});
export const walletTransactions = Answer({ transactions: t.Array(walletTransaction) });
export const withdrawal = Answer({ balance: Money(), transaction: walletTransaction });
export const payment = Answer({
  transactionId: Uuid("payment transaction id"),
  transactionStatus: OneOf(["PENDING", "SUCCESS", "FAILED"]),
  paymentRequest,
});
export const walletEntry = Answer({ ...walletTransaction.properties, balance: Money() });
