import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient, registerFreelancer } from "../support/api.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { paymentsRoutes } from "../../gw/routes/payments.ts";
import { balanceOf, countStatuses, createRequest, pay } from "./arrange.ts";

const { stack, api: a } = useStack({ services: ["users", "payments"], inProcess: true });
let rpc: TestRpc;
beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
});
afterAll(async () => {
  await rpc?.close();
});

describe("paying a payment request", () => {
  it(
    "marks the request PAID, credits the wallet with a linked CREDIT entry and queues the " +
      "milestone message, in one go",
    async () => {
      const client = await registerClient(a),
        freelancer = await registerFreelancer(a);
      const request = await createRequest(rpc, client.id, freelancer.id, "1200.50");
      expect(request).toMatchObject({
        clientId: client.id,
        freelancerId: freelancer.id,
        amount: 1200.5,
        status: "PENDING",
      });

      const paid = await pay(a, client, request.id);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({
        transactionStatus: "SUCCESS",
        paymentRequest: { id: request.id, status: "PAID", amount: 1200.5 },
      });
      expect(paid.body).not.toHaveProperty("balance");

      expect(await balanceOf(a, freelancer)).toBe(1200.5);
      const entries = await a.get("/api/v1/payments/freelancers/me/wallet/transactions", freelancer.token);
      expect(entries.body.transactions).toEqual([
        expect.objectContaining({
          walletId: freelancer.id,
          amount: 1200.5,
          transactionType: "CREDIT",
          paymentTransactionId: paid.body.transactionId,
          balanceAfter: 1200.5,
        }),
      ]);
      const seen = await a.get(`/api/v1/payments/requests/${request.id}`, client.token);
      expect(seen.body.status).toBe("PAID");
      const clientTx = await a.get("/api/v1/payments/clients/me/transactions", client.token);
      expect(clientTx.body.transactions).toEqual([
        expect.objectContaining({
          id: paid.body.transactionId,
          paymentRequestId: request.id,
          amount: 1200.5,
          status: "SUCCESS",
        }),
      ]);
      const freelancerTx = await a.get("/api/v1/payments/freelancers/me/transactions", freelancer.token);
      expect(freelancerTx.body.transactions.map((t: { id: string }) => t.id)).toEqual([paid.body.transactionId]);

      const sql = stack.db("payments");
      const outbox =
        await sql`select service, command, payload from outbox where payload->>'paymentRequestId' = ${request.id}`;
      const [row] = await sql`select amount::text, status from payment_requests where id = ${request.id}`;
      await sql.end();
      expect([...outbox]).toEqual([
        {
          service: "contracts",
          command: "markMilestonePaid",
          payload: { milestoneId: request.referenceId, paymentRequestId: request.id },
        },
      ]);
      expect(row).toEqual({ amount: "1200.50", status: "PAID" });
    },
  );

  it("answers 409 to a second payment and credits the wallet once", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const request = await createRequest(rpc, client.id, freelancer.id, "75.00");
    expect((await pay(a, client, request.id)).status).toBe(200);
    const again = await pay(a, client, request.id);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("already paid");
    expect(await balanceOf(a, freelancer)).toBe(75);
  });

  it("credits the wallet exactly once when paid 50 times concurrently", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const request = await createRequest(rpc, client.id, freelancer.id, "333.33");
    const results = await Promise.all(Array.from({ length: 50 }, () => pay(a, client, request.id)));
    expect(countStatuses(results)).toEqual({ 200: 1, 409: 49 });
    expect(await balanceOf(a, freelancer)).toBe(333.33);

    const sql = stack.db("payments");
    const [counts] = await sql`select
      (select count(*)::int from payment_transactions where payment_request_id = ${request.id}) as payments,
      (select count(*)::int from wallet_transactions where wallet_id = ${freelancer.id}) as entries,
      (select count(*)::int from outbox where payload->>'paymentRequestId' = ${request.id}) as messages`;
    await sql.end();
    expect(counts).toEqual({ payments: 1, entries: 1, messages: 1 });
  });

  it("gives concurrent retries with the same Idempotency-Key the same result, and a new key a 409", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const request = await createRequest(rpc, client.id, freelancer.id, "40.00");
    const key = { "idempotency-key": crypto.randomUUID() };
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(a, client, request.id, key)));
    expect(countStatuses(results)).toEqual({ 200: 20 });
    expect(new Set(results.map((r) => r.body.transactionId)).size).toBe(1);
    expect((await pay(a, client, request.id, { "idempotency-key": crypto.randomUUID() })).status).toBe(409);
    expect(await balanceOf(a, freelancer)).toBe(40);
  });

  it("creates the freelancer's wallet during the payment when the registration message has not arrived", async () => {
    const client = await registerClient(a);
    const freelancerId = crypto.randomUUID(); // no account, so no createWallet message was ever sent
    const request = await createRequest(rpc, client.id, freelancerId, "12.34");
    expect((await pay(a, client, request.id)).status).toBe(200);
    const sql = stack.db("payments");
    const [wallet] = await sql`select balance::text from wallets where freelancer_id = ${freelancerId}`;
    await sql.end();
    expect(wallet).toEqual({ balance: "12.34" });
  });

  it("answers 404 for an unknown request and 400 for a malformed id", async () => {
    const client = await registerClient(a);
    const unknown = await pay(a, client, crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Payment request not found");
    const malformed = await pay(a, client, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe("id");
  });
});

describe("who may see and pay a request", () => {
  it("refuses a second client: it cannot pay, read or list another client's request", async () => {
    const owner = await registerClient(a),
      other = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const request = await createRequest(rpc, owner.id, freelancer.id, "50.00");

    const paid = await pay(a, other, request.id);
    expect(paid.status).toBe(403);
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, other.token)).status).toBe(404);
    expect((await a.get("/api/v1/payments/clients/me/requests", other.token)).body).toEqual({ requests: [] });
    expect((await a.get("/api/v1/payments/clients/me/transactions", other.token)).body).toEqual({ transactions: [] });

    const mine = await a.get("/api/v1/payments/clients/me/requests", owner.token);
    expect(mine.body.requests).toEqual([expect.objectContaining({ id: request.id, status: "PENDING" })]);
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, owner.token)).body.status).toBe("PENDING");
  });

  it("shows a request to its client and its freelancer only", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a),
      stranger = await registerFreelancer(a);
    const request = await createRequest(rpc, client.id, freelancer.id, "10.00");
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, client.token)).body).toMatchObject({
      id: request.id,
      amount: 10,
    });
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, freelancer.token)).body).toMatchObject({
      id: request.id,
      amount: 10,
    });
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, stranger.token)).status).toBe(404);
    expect(
      (await a.get("/api/v1/payments/freelancers/me/requests", freelancer.token)).body.requests.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([request.id]);
    expect((await a.get("/api/v1/payments/freelancers/me/requests", stranger.token)).body).toEqual({ requests: [] });
  });

  it("lets only clients pay and only freelancers see wallets", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const request = await createRequest(rpc, client.id, freelancer.id, "10.00");
    expect((await pay(a, freelancer, request.id)).status).toBe(403);
    expect((await a.get("/api/v1/payments/freelancers/me/wallet", client.token)).status).toBe(403);
    expect((await a.get(`/api/v1/payments/requests/${request.id}`, "")).status).toBe(401);
  });
});

describe("internal commands", () => {
  it("has no route for creating requests, wallets or wallet transactions", async () => {
    const internal = ["createPaymentRequest", "createWallet", "createWalletTransaction"];
    expect(paymentsRoutes.filter((r) => internal.includes(r.contract.command))).toEqual([]);
    const client = await registerClient(a);
    const res = await a.post(
      "/api/v1/payments/requests",
      { clientId: client.id, freelancerId: client.id, amount: 1, referenceId: crypto.randomUUID() },
      client.token,
    );
    expect(res.status).toBe(404);
  });

  it("refuses an internal command whose message says it came through the gateway", async () => {
    const input = {
      clientId: crypto.randomUUID(),
      freelancerId: crypto.randomUUID(),
      amount: "5.00",
      referenceId: crypto.randomUUID(),
    };
    const asGateway = { caller: { id: input.clientId, role: "CLIENT" as const }, origin: "gateway" as const };
    const request = await rpc.request("payments", "createPaymentRequest", input, asGateway);
    expect(request).toMatchObject({ ok: false, error: { status: 404 } });
    const wallet = await rpc.request(
      "payments",
      "createWallet",
      { freelancerId: input.freelancerId },
      { origin: "gateway" },
    );
    expect(wallet).toMatchObject({ ok: false, error: { status: 404 } });
    const sql = stack.db("payments");
    const [held] = await sql`select
        (select count(*)::int from payment_requests where reference_id = ${input.referenceId}) as requests,
        (select count(*)::int from wallets where freelancer_id = ${input.freelancerId}) as wallets`;
    await sql.end();
    expect(held).toEqual({ requests: 0, wallets: 0 });
    // The same message from a service is accepted.
    expect((await rpc.request("payments", "createPaymentRequest", input)).ok).toBe(true);
  });

  it("creates one request per milestone: a repeated delivery gets the same request, other terms a 409", async () => {
    const clientId = crypto.randomUUID(),
      freelancerId = crypto.randomUUID(),
      referenceId = crypto.randomUUID();
    const input = { clientId, freelancerId, amount: "500.00", referenceId, contractId: crypto.randomUUID() };
    const first = await rpc.call<{ id: string }>("payments", "createPaymentRequest", input);
    const again = await rpc.call<{ id: string }>("payments", "createPaymentRequest", input);
    expect(again.id).toBe(first.id);
    const other = await rpc.request("payments", "createPaymentRequest", { ...input, amount: "600.00" });
    expect(other).toMatchObject({ ok: false, error: { status: 409, field: "referenceId" } });
    const tooPrecise = await rpc.request("payments", "createPaymentRequest", {
      ...input,
      referenceId: crypto.randomUUID(),
      amount: "1.005",
    });
    expect(tooPrecise).toMatchObject({ ok: false, error: { status: 400, field: "amount" } });
  });
});
