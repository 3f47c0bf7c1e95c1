// Binds the payments store type into command modules and holds what several payments commands share.
import { commandFor, requireCaller, type CommandContext } from "../runtime/command.ts";
import { conflict, forbidden } from "../runtime/errors.ts";
import { centsToDecimal, toCents } from "../runtime/money.ts";
import type { Role } from "../runtime/envelope.ts";
import type { PaymentsStore } from "./store.ts";

export const command = commandFor<PaymentsStore>();
export type Ctx = CommandContext<PaymentsStore>;

/** The caller's id when they have the role (the gateway checks it too; services may call with any caller). */
export function callerAs(ctx: Ctx, role: Role): string {
  const caller = requireCaller(ctx);
  if (caller.role !== role) throw forbidden(`Only a ${role.toLowerCase()} can do this`);
  return caller.id;
}

/** An API amount as the exact NUMERIC string for SQL ("10.15"); 400 naming the field for 0, negatives, 3 decimals. */
export const exactAmount = (value: number | string, field = "amount") => centsToDecimal(toCents(value, field));

/** Cached reads (TTL cacheTtl) and the keys a write must invalidate. Balances are never cached. */
export const cacheTtl = 60;
export const cacheKeys = {
  request: (id: string) => `paymentRequest:${id}`,
  clientRequests: (clientId: string) => `paymentRequests:client:${clientId}`,
  freelancerRequests: (freelancerId: string) => `paymentRequests:freelancer:${freelancerId}`,
};
export const requestKeys = (r: { id: string; client_id: string; freelancer_id: string }) =>
  [cacheKeys.request(r.id), cacheKeys.clientRequests(r.client_id), cacheKeys.freelancerRequests(r.freelancer_id)];

/** 409 for a withdrawal or debit the balance does not cover, saying what the wallet holds. */
export const insufficientBalance = (balance: string, amount: string) =>
  conflict(`Insufficient balance: the wallet holds ${balance}, which does not cover ${amount}`, "amount");

/** 409 for a credit that would take the balance past what the wallet can hold. */
export const balanceLimit = () => conflict("The wallet cannot hold this amount: its balance would exceed the maximum", "amount");
