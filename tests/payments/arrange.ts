// Arranging payments data the way the system does it: requests come from contracts (here: the test, over RPC,
// as another service), wallets are funded by paying requests through the API.
import { expect } from "bun:test";
import type { Api, Account } from "../support/api.ts";
import type { TestRpc } from "../support/rpc.ts";

export interface PaymentRequest {
  id: string;
  clientId: string;
  freelancerId: string;
  referenceId: string;
  amount: number;
  status: string;
}

/** A PENDING payment request, created as contracts would when a milestone is accepted. */
export function createRequest(
  rpc: TestRpc,
  clientId: string,
  freelancerId: string,
  amount = "100.00",
): Promise<PaymentRequest> {
  return rpc.call<PaymentRequest>("payments", "createPaymentRequest", {
    clientId,
    freelancerId,
    amount,
    referenceId: crypto.randomUUID(),
    contractId: crypto.randomUUID(),
  });
}

export const pay = (a: Api, client: Account, requestId: string, headers?: Record<string, string>) =>
  a.post(`/api/v1/payments/requests/${requestId}/pay`, undefined, client.token, headers);

/** Credits the freelancer's wallet with each amount by paying a fresh request through the API. */
export async function fund(
  a: Api,
  rpc: TestRpc,
  client: Account,
  freelancer: Account,
  ...amounts: string[]
): Promise<void> {
  for (const amount of amounts) {
    const request = await createRequest(rpc, client.id, freelancer.id, amount);
    const paid = await pay(a, client, request.id);
    expect(paid.status).toBe(200);
  }
}

export const balanceOf = async (a: Api, freelancer: Account): Promise<number> => {
  const res = await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token);
  expect(res.status).toBe(200);
  return res.body.balance;
};

/** How many responses had each status, e.g. { 200: 1, 409: 49 }. */
export const countStatuses = (responses: Array<{ status: number }>) =>
  responses.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
