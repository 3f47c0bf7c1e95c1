// The payments service's storage (PostgreSQL). Amounts go in and come out as NUMERIC decimal strings ("500.00");
// every balance change is one SQL statement on a row the caller has locked, so no arithmetic happens in JS.
import type { Sql } from "postgres";
import { postgresError, translatingErrors } from "../runtime/storeErrors.ts";

export type RequestStatus = "PENDING" | "PAID" | "CANCELLED";
export type TransactionStatus = "PENDING" | "SUCCESS" | "FAILED";
export type WalletTransactionType = "DEBIT" | "CREDIT";

export interface PaymentRequestRow {
  id: string;
  client_id: string;
  freelancer_id: string;
  contract_id: string | null;
  reference_id: string;
  amount: string;
  status: RequestStatus;
  created_at: Date;
  updated_at: Date;
}
export interface PaymentTransactionRow {
  id: string;
  payment_request_id: string;
  amount: string;
  status: TransactionStatus;
  created_at: Date;
  updated_at: Date;
}
export interface WalletRow {
  freelancer_id: string;
  balance: string;
  created_at: Date;
  updated_at: Date;
}
export interface WalletTransactionRow {
  id: string;
  wallet_id: string;
  amount: string;
  transaction_type: WalletTransactionType;
  payment_transaction_id: string | null;
  description: string | null;
  balance_after: string;
  created_at: Date;
}

/** The largest balance NUMERIC(14,2) holds. */
export const maxBalance = "999999999999.99";

export function paymentsStore(sql: Sql) {
  return translatingErrors(
    {
      /** The new request, or null when one already exists for this reference (milestone). */
      async insertRequest(r: {
        clientId: string;
        freelancerId: string;
        contractId: string | null;
        referenceId: string;
        amount: string;
      }): Promise<PaymentRequestRow | null> {
        const [row] = await sql<PaymentRequestRow[]>`
        insert into payment_requests (id, client_id, freelancer_id, contract_id, reference_id, amount)
        values (${crypto.randomUUID()}, ${r.clientId}, ${r.freelancerId}, ${r.contractId}, ${r.referenceId},
                ${r.amount}::numeric)
        on conflict (reference_id) do nothing returning *`;
        return row ?? null;
      },
      async findRequest(id: string): Promise<PaymentRequestRow | null> {
        const [row] = await sql<PaymentRequestRow[]>`select * from payment_requests where id = ${id}`;
        return row ?? null;
      },
      async findRequestByReference(referenceId: string): Promise<PaymentRequestRow | null> {
        const [row] = await sql<
          PaymentRequestRow[]
        >`select * from payment_requests where reference_id = ${referenceId}`;
        return row ?? null;
      },
      /** Row-locked until the write transaction ends: concurrent payers of one request queue up here. */
      async lockRequest(id: string): Promise<PaymentRequestRow | null> {
        const [row] = await sql<PaymentRequestRow[]>`select * from payment_requests where id = ${id} for update`;
        return row ?? null;
      },
      async setRequestStatus(id: string, status: RequestStatus): Promise<PaymentRequestRow> {
        const [row] = await sql<
          PaymentRequestRow[]
        >`update payment_requests set status = ${status}, updated_at = now() where id = ${id} returning *`;
        return row;
      },
      requestsOfClient: (clientId: string) =>
        sql<
          PaymentRequestRow[]
        >`select * from payment_requests where client_id = ${clientId} order by created_at desc, id`,
      requestsOfFreelancer: (freelancerId: string) =>
        sql<
          PaymentRequestRow[]
        >`select * from payment_requests where freelancer_id = ${freelancerId} order by created_at desc, id`,

      async insertPaymentTransaction(t: {
        paymentRequestId: string;
        amount: string;
        status: TransactionStatus;
      }): Promise<PaymentTransactionRow> {
        const [row] = await sql<PaymentTransactionRow[]>`
        insert into payment_transactions (id, payment_request_id, amount, status)
        values (${crypto.randomUUID()}, ${t.paymentRequestId}, ${t.amount}::numeric, ${t.status}) returning *`;
        return row;
      },
      async findPaymentTransaction(id: string): Promise<PaymentTransactionRow | null> {
        const [row] = await sql<PaymentTransactionRow[]>`select * from payment_transactions where id = ${id}`;
        return row ?? null;
      },
      transactionsOfClient: (clientId: string) => sql<PaymentTransactionRow[]>`
      select t.* from payment_transactions t join payment_requests r on r.id = t.payment_request_id
      where r.client_id = ${clientId} order by t.created_at desc, t.id`,
      transactionsOfFreelancer: (freelancerId: string) => sql<PaymentTransactionRow[]>`
      select t.* from payment_transactions t join payment_requests r on r.id = t.payment_request_id
      where r.freelancer_id = ${freelancerId} order by t.created_at desc, t.id`,

      /** Creates the wallet unless it exists; true when this call created it. */
      async ensureWallet(freelancerId: string): Promise<boolean> {
        const rows =
          await sql`insert into wallets (freelancer_id) values (${freelancerId}) on conflict (freelancer_id) do nothing
            returning freelancer_id`;
        return rows.length > 0;
      },
      async findWallet(freelancerId: string): Promise<WalletRow | null> {
        const [row] = await sql<WalletRow[]>`select * from wallets where freelancer_id = ${freelancerId}`;
        return row ?? null;
      },
      /** Row-locked until the write transaction ends: withdrawals and credits of one wallet run one at a time. */
      async lockWallet(freelancerId: string): Promise<WalletRow | null> {
        const [row] = await sql<WalletRow[]>`select * from wallets where freelancer_id = ${freelancerId} for update`;
        return row ?? null;
      },
      /** The credited wallet, or null when the wallet is missing or the balance would exceed NUMERIC(14,2). */
      async creditWallet(freelancerId: string, amount: string): Promise<WalletRow | null> {
        const [row] = await sql<WalletRow[]>`
        update wallets set balance = balance + ${amount}::numeric, updated_at = now()
        where freelancer_id = ${freelancerId} and balance + ${amount}::numeric <= ${maxBalance}::numeric returning *`;
        return row ?? null;
      },
      /** The debited wallet, or null when the balance does not cover the amount (nothing changes then). */
      async debitWallet(freelancerId: string, amount: string): Promise<WalletRow | null> {
        const [row] = await sql<WalletRow[]>`
        update wallets set balance = balance - ${amount}::numeric, updated_at = now()
        where freelancer_id = ${freelancerId} and balance >= ${amount}::numeric returning *`;
        return row ?? null;
      },

      async insertWalletTransaction(t: {
        walletId: string;
        amount: string;
        type: WalletTransactionType;
        balanceAfter: string;
        paymentTransactionId?: string | null;
        description?: string | null;
      }): Promise<WalletTransactionRow> {
        const [row] = await sql<WalletTransactionRow[]>`
        insert into wallet_transactions
          (id, wallet_id, amount, transaction_type, payment_transaction_id, description, balance_after)
        values (${crypto.randomUUID()}, ${t.walletId}, ${t.amount}::numeric, ${t.type},
                ${t.paymentTransactionId ?? null},
                ${t.description ?? null}, ${t.balanceAfter}::numeric)
        returning *`;
        return row;
      },
      /** Only the wallet owner's transaction; null when it is someone else's or does not exist. */
      async findWalletTransaction(walletId: string, id: string): Promise<WalletTransactionRow | null> {
        const [row] = await sql<
          WalletTransactionRow[]
        >`select * from wallet_transactions where id = ${id} and wallet_id = ${walletId}`;
        return row ?? null;
      },
      walletTransactions: (walletId: string) =>
        sql<
          WalletTransactionRow[]
        >`select * from wallet_transactions where wallet_id = ${walletId} order by created_at desc, id`,
    },
    postgresError,
  );
}

export type PaymentsStore = ReturnType<typeof paymentsStore>;
