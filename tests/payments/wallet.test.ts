import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { waitFor } from "../support/stack.ts";
import { registerClient, registerFreelancer, uniqueEmail, userIdOf, type Account } from "../support/api.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { balanceOf, countStatuses, fund } from "./arrange.ts";

const { stack, api: a } = useStack({ services: ["users", "payments"], inProcess: true });
let rpc: TestRpc;
beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
});
afterAll(async () => {
  await rpc?.close();
});

const withdraw = (f: Account, body: unknown) =>
  a.post("/api/v1/payments/freelancers/me/wallet/withdraw", body, f.token);

describe("the wallet of a freelancer", () => {
  it("is created with balance 0 when the freelancer registers, once even if the registration is retried", async () => {
    const body = { email: uniqueEmail("freelancer"), password: "password-123", fullName: "Retried Registration" };
    const key = { "idempotency-key": crypto.randomUUID() };
    const [first, retry] = await Promise.all(
      [1, 2].map(() => a.post("/api/v1/users/freelancers/register", body, undefined, key)),
    );
    expect([first.status, retry.status]).toEqual([201, 201]);
    const freelancer = { token: first.body.authToken, id: userIdOf(first.body.authToken) } as Account;
    await waitFor(
      "the wallet",
      async () => (await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token)).status === 200,
    );
    expect(await balanceOf(a, freelancer)).toBe(0);

    const users = stack.db("users");
    const [sent] = await users`select count(*)::int as n from outbox where command = 'createWallet'
        and payload->>'freelancerId' = ${freelancer.id}`;
    await users.end();
    expect(sent.n).toBe(1);

    // A late duplicate delivery of createWallet finds the wallet and leaves its money alone.
    await fund(a, rpc, await registerClient(a), freelancer, "25.00");
    const again = await rpc.call<{ balance: number }>("payments", "createWallet", { freelancerId: freelancer.id });
    expect(again.balance).toBe(25);
    expect(await balanceOf(a, freelancer)).toBe(25);
  });

  it("withdraws, records a DEBIT with the description and shows it by id", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    await fund(a, rpc, client, freelancer, "100.00");
    const res = await withdraw(freelancer, { amount: 40.25, description: "to my bank" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      balance: 59.75,
      transaction: { amount: 40.25, transactionType: "DEBIT", description: "to my bank", balanceAfter: 59.75 },
    });
    expect(await balanceOf(a, freelancer)).toBe(59.75);

    const list = await a.get("/api/v1/payments/freelancers/me/wallet/transactions", freelancer.token);
    expect(
      list.body.transactions.map((t: { transactionType: string; amount: number }) => [t.transactionType, t.amount]),
    ).toEqual([
      ["DEBIT", 40.25],
      ["CREDIT", 100],
    ]);
    const one = await a.get(
      `/api/v1/payments/freelancers/me/wallet/transactions/${res.body.transaction.id}`,
      freelancer.token,
    );
    expect(one.status).toBe(200);
    expect(one.body).toEqual(res.body.transaction);
  });

  it("refuses a withdrawal the balance does not cover with 409 and a clear message, leaving the balance", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    await fund(a, rpc, client, freelancer, "30.00");
    const res = await withdraw(freelancer, { amount: 30.01 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe("Insufficient balance: the wallet holds 30.00, which does not cover 30.01");
    expect(await balanceOf(a, freelancer)).toBe(30);
    expect((await withdraw(freelancer, { amount: 30 })).body.balance).toBe(0);
  });

  it("rejects amounts with three decimals, zero or below zero with 400 naming the field", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    await fund(a, rpc, client, freelancer, "10.00");
    for (const amount of [1.005, 0, -5, "1.001", "abc"]) {
      const res = await withdraw(freelancer, { amount });
      expect(res.status, `amount ${amount}`).toBe(400);
      expect(res.body.error.field).toBe("amount");
    }
    expect((await withdraw(freelancer, {})).body.error.field).toBe("amount");
    expect(await balanceOf(a, freelancer)).toBe(10);
  });

  it("lets exactly 30 of 100 concurrent withdrawals through when the balance covers 30, to the cent", async () => {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    await fund(a, rpc, client, freelancer, "200.25", "105.25"); // 305.50 = 30 x 10.15 + 1.00
    const results = await Promise.all(Array.from({ length: 100 }, () => withdraw(freelancer, { amount: 10.15 })));
    expect(countStatuses(results)).toEqual({ 200: 30, 409: 70 });
    expect(await balanceOf(a, freelancer)).toBe(1);

    const sql = stack.db("payments");
    const [ledger] =
      await sql`select count(*)::int as debits, sum(amount)::text as total, min(balance_after)::text as lowest
                               from wallet_transactions where wallet_id = ${freelancer.id}
                                 and transaction_type = 'DEBIT'`;
    const [wallet] = await sql`select balance::text from wallets where freelancer_id = ${freelancer.id}`;
    await sql.end();
    expect(ledger).toEqual({ debits: 30, total: "304.50", lowest: "1.00" });
    expect(wallet.balance).toBe("1.00");
  });

  it("shows a freelancer only their own wallet transactions", async () => {
    const client = await registerClient(a),
      owner = await registerFreelancer(a),
      other = await registerFreelancer(a);
    await fund(a, rpc, client, owner, "20.00");
    const [entry] = (await a.get("/api/v1/payments/freelancers/me/wallet/transactions", owner.token)).body.transactions;
    const path = `/api/v1/payments/freelancers/me/wallet/transactions/${entry.id}`;
    expect((await a.get(path, owner.token)).status).toBe(200);
    const stolen = await a.get(path, other.token);
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.message).toBe("Wallet transaction not found");
    await waitFor(
      "the other wallet",
      async () => (await a.get("/api/v1/payments/freelancers/me/wallet", other.token)).status === 200,
    );
    expect((await a.get("/api/v1/payments/freelancers/me/wallet/transactions", other.token)).body).toEqual({
      transactions: [],
    });
    expect((await a.get("/api/v1/payments/freelancers/me/transactions", other.token)).body).toEqual({
      transactions: [],
    });
  });
});

describe("createWalletTransaction (internal)", () => {
  it("moves the balance: a CREDIT adds, a DEBIT subtracts and never below zero", async () => {
    const freelancerId = crypto.randomUUID();
    await rpc.call("payments", "createWallet", { freelancerId });
    const credit = await rpc.call<{ balance: number; transactionType: string }>("payments", "createWalletTransaction", {
      freelancerId,
      amount: "80.10",
      transactionType: "CREDIT",
      description: "adjustment",
    });
    expect(credit).toMatchObject({ balance: 80.1, transactionType: "CREDIT" });
    const debit = await rpc.call<{ balance: number }>("payments", "createWalletTransaction", {
      freelancerId,
      amount: "30.05",
      transactionType: "DEBIT",
    });
    expect(debit.balance).toBe(50.05);
    const overdraw = await rpc.request("payments", "createWalletTransaction", {
      freelancerId,
      amount: "50.06",
      transactionType: "DEBIT",
    });
    expect(overdraw).toMatchObject({ ok: false, error: { status: 409 } });
    const noWallet = await rpc.request("payments", "createWalletTransaction", {
      freelancerId: crypto.randomUUID(),
      amount: "1.00",
      transactionType: "CREDIT",
    });
    expect(noWallet).toMatchObject({ ok: false, error: { status: 404, message: "Wallet not found" } });
    const negative = await rpc.request("payments", "createWalletTransaction", {
      freelancerId,
      amount: -1,
      transactionType: "CREDIT",
    });
    expect(negative).toMatchObject({ ok: false, error: { status: 400, field: "amount" } });

    const sql = stack.db("payments");
    const [wallet] = await sql`select balance::text from wallets where freelancer_id = ${freelancerId}`;
    await sql.end();
    expect(wallet.balance).toBe("50.05");
  });
});
