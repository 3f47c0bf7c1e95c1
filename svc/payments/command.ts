// Binds the payments store type into command modules and holds what several payments commands share.
import { commandFor, type CommandContext } from "../runtime/command.ts";
import { conflict } from "../runtime/errors.ts";
import type { PaymentsStore } from "./store.ts";

export const command = commandFor<PaymentsStore>();
export type Ctx = CommandContext<PaymentsStore>;

/** Cached reads (TTL cacheTtl) and the keys a write must invalidate. Balances are never cached. */
export const cacheTtl = 60;
export const cacheKeys = {
  request: (id: string) => `paymentRequest:${id}`,
  clientRequests: (clientId: string) => `paymentRequests:client:${clientId}`,
  freelancerRequests: (freelancerId: string) => `paymentRequests:freelancer:${freelancerId}`,
};
export const requestKeys = (r: { id: string; client_id: string; freelancer_id: string }) => [
  cacheKeys.request(r.id),
  cacheKeys.clientRequests(r.client_id),
  cacheKeys.freelancerRequests(r.freelancer_id),
];

/** 409 for a withdrawal or debit the balance does not cover, saying what the wallet holds. */
export const insufficientBalance = (balance: string, amount: string) =>
  conflict(`Insufficient balance: the wallet holds ${balance}, which does not cover ${amount}`, "amount");

/** 409 for a credit that would take the balance past what the wallet can hold. */
export const balanceLimit = () =>
  conflict("The wallet cannot hold this amount: its balance would exceed the maximum", "amount");
