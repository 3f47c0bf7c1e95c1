// What the payments API answers: camelCase objects, amounts as JSON numbers (exact: NUMERIC(14,2) has two decimals).
import { decimalToNumber } from "../runtime/money.ts";
import type { PaymentRequestRow, PaymentTransactionRow, WalletRow, WalletTransactionRow } from "./store.ts";

export const paymentRequestView = (r: PaymentRequestRow) => ({
  id: r.id,
  clientId: r.client_id,
  freelancerId: r.freelancer_id,
  contractId: r.contract_id,
  referenceId: r.reference_id,
  amount: decimalToNumber(r.amount),
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type PaymentRequestView = ReturnType<typeof paymentRequestView>;

export const paymentTransactionView = (t: PaymentTransactionRow) => ({
  id: t.id,
  paymentRequestId: t.payment_request_id,
  amount: decimalToNumber(t.amount),
  status: t.status,
  createdAt: t.created_at,
  updatedAt: t.updated_at,
});

export const walletView = (w: WalletRow) => ({
  freelancerId: w.freelancer_id,
  balance: decimalToNumber(w.balance),
  createdAt: w.created_at,
  updatedAt: w.updated_at,
});

export const walletTransactionView = (t: WalletTransactionRow) => ({
  id: t.id,
  walletId: t.wallet_id,
  amount: decimalToNumber(t.amount),
  transactionType: t.transaction_type,
  paymentTransactionId: t.payment_transaction_id,
  description: t.description,
  balanceAfter: decimalToNumber(t.balance_after),
  createdAt: t.created_at,
});
