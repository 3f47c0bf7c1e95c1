import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { waitFor } from "../support/stack.ts";
import { fakeService } from "../support/fakeService.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { cast, evaluate, markPaid, milestoneInput, moveTo, newContract, progress, type Cast } from "./arrange.ts";

const { stack, api: a } = useStack({ services: ["users", "contracts"], env: { GATEWAY_TIMEOUT_MS: "30000" } });
let rpc: TestRpc;
let people: Cast;
beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
  people = await cast(a);
}, 180_000);
afterAll(async () => {
  await rpc?.close();
});

const C = "/api/v1/contracts";
const statusOf = async (milestoneId: string) =>
  (await a.get(`${C}/milestones/${milestoneId}`, people.client.token)).body.status;

async function outboxFor(milestoneId: string) {
  const sql = stack.db("contracts");
  const rows = await sql`select service, command, payload, delivered_at from outbox
      where payload->>'referenceId' = ${milestoneId}`;
  await sql.end();
  return [...rows];
}

describe("progressing a milestone (the contract's freelancer)", () => {
  it("moves OPEN -> IN_PROGRESS -> IN_REVIEW and every read shows the new state at once", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    // Fill the caches first: a stale cache would show OPEN after the change.
    expect((await a.get(`${C}/milestones/${m.id}`, people.freelancer.token)).body.status).toBe("OPEN");
    expect((await a.get(`${C}/${contract.id}`, people.freelancer.token)).body.milestones[0].status).toBe("OPEN");
    expect((await a.get(`${C}/${contract.id}/milestones`, people.freelancer.token)).body.milestones[0].status).toBe(
      "OPEN",
    );

    const first = await progress(a, m.id, people.freelancer.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: m.id,
      contractId: contract.id,
      status: "IN_PROGRESS",
      amount: 500,
      dueDate: "2030-01-31",
    });
    expect((await a.get(`${C}/milestones/${m.id}`, people.freelancer.token)).body.status).toBe("IN_PROGRESS");
    expect((await a.get(`${C}/${contract.id}`, people.client.token)).body.milestones[0].status).toBe("IN_PROGRESS");
    expect((await a.get(`${C}/${contract.id}/milestones`, people.client.token)).body.milestones[0].status).toBe(
      "IN_PROGRESS",
    );

    const second = await progress(a, m.id, people.freelancer.token);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe("IN_REVIEW");
    expect(await statusOf(m.id)).toBe("IN_REVIEW");
    expect((await a.get(`${C}/${contract.id}`, people.client.token)).body.milestones[0].status).toBe("IN_REVIEW");
  });

  it(
    "refuses to progress a milestone that is IN_REVIEW, ACCEPTED or PAID with 409 and leaves " + "it as it was",
    async () => {
      const contract = await newContract(rpc, people, {
        milestones: [milestoneInput("a"), milestoneInput("b"), milestoneInput("c")],
      });
      const [review, accepted, paid] = contract.milestones;
      await moveTo(a, rpc, people, review.id, "IN_REVIEW");
      await moveTo(a, rpc, people, accepted.id, "ACCEPTED");
      await moveTo(a, rpc, people, paid.id, "PAID");
      for (const [m, state] of [
        [review, "IN_REVIEW"],
        [accepted, "ACCEPTED"],
        [paid, "PAID"],
      ] as const) {
        const res = await progress(a, m.id, people.freelancer.token);
        expect({ state, status: res.status, code: res.body.error?.code }).toEqual({
          state,
          status: 409,
          code: "conflict",
        });
        expect(await statusOf(m.id)).toBe(state);
      }
    },
  );

  it("lets only the contract's freelancer progress: another freelancer 403, the client and an admin 403", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    expect((await progress(a, m.id, people.otherFreelancer.token)).status).toBe(403);
    expect((await progress(a, m.id, people.client.token)).status).toBe(403);
    expect((await progress(a, m.id, people.admin)).status).toBe(403);
    expect((await a.post(`${C}/milestones/${m.id}/progress`, {})).status).toBe(401);
    expect(await statusOf(m.id)).toBe("OPEN");
  });

  it("answers 404 for an unknown milestone and 400 for a malformed id", async () => {
    const unknown = await progress(a, crypto.randomUUID(), people.freelancer.token);
    expect(unknown.status).toBe(404);
    const malformed = await progress(a, "not-a-uuid", people.freelancer.token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe("id");
  });

  it("accepts a progress request with no body at all", async () => {
    const contract = await newContract(rpc, people);
    const res = await a.call("POST", `${C}/milestones/${contract.milestones[0].id}/progress`, {
      token: people.freelancer.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("IN_PROGRESS");
  });
});

describe("evaluating a milestone (the contract's client)", () => {
  it(
    "accepts a milestone IN_REVIEW and records a createPaymentRequest for payments in the " +
      "outbox, with payments not running",
    async () => {
      const contract = await newContract(rpc, people, { milestones: [milestoneInput("Build", "1234.50")] });
      const m = contract.milestones[0];
      await moveTo(a, rpc, people, m.id, "IN_REVIEW");
      expect(await outboxFor(m.id)).toEqual([]);
      const res = await evaluate(a, m.id, people.client.token, "ACCEPTED");
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: m.id, status: "ACCEPTED", amount: 1234.5 });
      expect(await statusOf(m.id)).toBe("ACCEPTED");
      const rows = await outboxFor(m.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ service: "payments", command: "createPaymentRequest", delivered_at: null });
      expect(rows[0].payload).toEqual({
        clientId: people.client.id,
        freelancerId: people.freelancer.id,
        amount: "1234.50",
        referenceId: m.id,
        contractId: contract.id,
      });
    },
  );

  it("delivers the payment request once payments comes up, exactly once, from the outbox", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "ACCEPTED");
    const payments = await fakeService(stack.ns, "payments", () => ({ ok: true, body: { id: crypto.randomUUID() } }));
    try {
      await waitFor(
        "the outbox row to be delivered",
        async () => (await outboxFor(m.id))[0]?.delivered_at !== null,
        30_000,
      );
      const received = payments.seen.filter((s) => s.body.referenceId === m.id);
      expect(received).toHaveLength(1);
      expect(received[0].meta).toMatchObject({ command: "createPaymentRequest", origin: "outbox" });
      expect(received[0].body).toEqual({
        clientId: people.client.id,
        freelancerId: people.freelancer.id,
        amount: "500.00",
        referenceId: m.id,
        contractId: contract.id,
      });
    } finally {
      await payments.close();
    }
  });

  it(
    "sends a milestone back to IN_PROGRESS without a payment request, and the freelancer can " + "submit it again",
    async () => {
      const contract = await newContract(rpc, people);
      const m = contract.milestones[0];
      await moveTo(a, rpc, people, m.id, "IN_REVIEW");
      const back = await evaluate(a, m.id, people.client.token, "IN_PROGRESS");
      expect(back.status).toBe(200);
      expect(back.body.status).toBe("IN_PROGRESS");
      expect(await statusOf(m.id)).toBe("IN_PROGRESS");
      expect(await outboxFor(m.id)).toEqual([]);
      expect((await progress(a, m.id, people.freelancer.token)).body.status).toBe("IN_REVIEW");
      expect((await evaluate(a, m.id, people.client.token, "ACCEPTED")).body.status).toBe("ACCEPTED");
      expect(await outboxFor(m.id)).toHaveLength(1);
    },
  );

  it("refuses any target state other than ACCEPTED or IN_PROGRESS with 400 naming evaluatedState", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "IN_REVIEW");
    for (const target of ["PAID", "OPEN", "IN_REVIEW", "accepted", null, 3]) {
      const res = await evaluate(a, m.id, people.client.token, target);
      expect({ target, status: res.status, field: res.body.error?.field }).toEqual({
        target,
        status: 400,
        field: "evaluatedState",
      });
    }
    const missing = await a.post(`${C}/milestones/${m.id}/evaluate`, {}, people.client.token);
    expect(missing.status).toBe(400);
    expect(await statusOf(m.id)).toBe("IN_REVIEW");
    expect(await outboxFor(m.id)).toEqual([]);
  });

  it("refuses to evaluate a milestone that is OPEN, IN_PROGRESS, ACCEPTED or PAID with 409", async () => {
    const contract = await newContract(rpc, people, { milestones: ["a", "b", "c", "d"].map((d) => milestoneInput(d)) });
    const [open, working, accepted, paid] = contract.milestones;
    await moveTo(a, rpc, people, working.id, "IN_PROGRESS");
    await moveTo(a, rpc, people, accepted.id, "ACCEPTED");
    await moveTo(a, rpc, people, paid.id, "PAID");
    for (const [m, state] of [
      [open, "OPEN"],
      [working, "IN_PROGRESS"],
      [accepted, "ACCEPTED"],
      [paid, "PAID"],
    ] as const) {
      for (const target of ["ACCEPTED", "IN_PROGRESS"]) {
        const res = await evaluate(a, m.id, people.client.token, target);
        expect({ state, target, status: res.status }).toEqual({ state, target, status: 409 });
      }
      expect(await statusOf(m.id)).toBe(state);
    }
    expect(await outboxFor(accepted.id)).toHaveLength(1);
  });

  it("lets only the contract's client evaluate: another client 403, the freelancer and an admin 403", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "IN_REVIEW");
    expect((await evaluate(a, m.id, people.otherClient.token, "ACCEPTED")).status).toBe(403);
    expect((await evaluate(a, m.id, people.freelancer.token, "ACCEPTED")).status).toBe(403);
    expect((await evaluate(a, m.id, people.admin, "ACCEPTED")).status).toBe(403);
    expect(await statusOf(m.id)).toBe("IN_REVIEW");
    expect(await outboxFor(m.id)).toEqual([]);
  });

  it("accepts a milestone once when the client sends the evaluation twice at the same time", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "IN_REVIEW");
    const results = await Promise.all([1, 2, 3].map(() => evaluate(a, m.id, people.client.token, "ACCEPTED")));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await outboxFor(m.id)).toHaveLength(1);
  });

  it("answers 404 for an unknown milestone", async () => {
    expect((await evaluate(a, crypto.randomUUID(), people.client.token, "ACCEPTED")).status).toBe(404);
  });
});

describe("markMilestonePaid (from payments)", () => {
  it("marks an ACCEPTED milestone PAID, answers ok again when repeated, and shows PAID on every read", async () => {
    const contract = await newContract(rpc, people, { milestones: [milestoneInput("a"), milestoneInput("b")] });
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "ACCEPTED");
    expect(await statusOf(m.id)).toBe("ACCEPTED");
    const paymentRequestId = crypto.randomUUID();
    const first = await rpc.request("contracts", "markMilestonePaid", { milestoneId: m.id, paymentRequestId });
    expect(first).toMatchObject({
      ok: true,
      body: { ok: true, milestone: { id: m.id, status: "PAID" }, contractStatus: "ACTIVE" },
    });
    const again = await rpc.request("contracts", "markMilestonePaid", { milestoneId: m.id, paymentRequestId });
    expect(again).toMatchObject({ ok: true, body: { ok: true, milestone: { status: "PAID" } } });
    expect(await statusOf(m.id)).toBe("PAID");
    const read = await a.get(`${C}/${contract.id}`, people.freelancer.token);
    expect(read.body.milestones.map((x: { status: string }) => x.status)).toEqual(["PAID", "OPEN"]);
    expect(read.body.status).toBe("ACTIVE");
    const sql = stack.db("contracts");
    const [row] = await sql`select payment_request_id from milestones where id = ${m.id}`;
    await sql.end();
    expect(row.payment_request_id).toBe(paymentRequestId);
  });

  it("refuses to pay a milestone that is not ACCEPTED with 409, and an unknown one with 404", async () => {
    const contract = await newContract(rpc, people, { milestones: ["a", "b", "c"].map((d) => milestoneInput(d)) });
    const [open, working, review] = contract.milestones;
    await moveTo(a, rpc, people, working.id, "IN_PROGRESS");
    await moveTo(a, rpc, people, review.id, "IN_REVIEW");
    for (const [m, state] of [
      [open, "OPEN"],
      [working, "IN_PROGRESS"],
      [review, "IN_REVIEW"],
    ] as const) {
      expect({ state, reply: await markPaid(rpc, m.id) }).toMatchObject({
        state,
        reply: { ok: false, error: { status: 409 } },
      });
      expect(await statusOf(m.id)).toBe(state);
    }
    expect(await markPaid(rpc, crypto.randomUUID())).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await rpc.request("contracts", "markMilestonePaid", { milestoneId: "nope" })).toMatchObject({
      ok: false,
      error: { status: 400, field: "milestoneId" },
    });
  });

  it("completes the contract when its last milestone is paid, also when they are paid at the same time", async () => {
    const contract = await newContract(rpc, people, { milestones: ["a", "b", "c"].map((d) => milestoneInput(d)) });
    const [x, y, z] = contract.milestones;
    for (const m of contract.milestones) await moveTo(a, rpc, people, m.id, "ACCEPTED");
    expect((await markPaid(rpc, x.id)).ok).toBe(true);
    expect((await a.get(`${C}/${contract.id}`, people.client.token)).body.status).toBe("ACTIVE");
    const replies = await Promise.all([markPaid(rpc, y.id), markPaid(rpc, z.id)]);
    expect(replies.every((r) => r.ok)).toBe(true);
    const read = await a.get(`${C}/${contract.id}`, people.client.token);
    expect(read.body.status).toBe("COMPLETED");
    expect(read.body.milestones.map((m: { status: string }) => m.status)).toEqual(["PAID", "PAID", "PAID"]);
    expect(replies.map((r) => (r as { body: { contractStatus: string } }).body.contractStatus)).toContain("COMPLETED");
  });

  it("is refused when the message says it came through the gateway, and has no route", async () => {
    const contract = await newContract(rpc, people);
    const m = contract.milestones[0];
    await moveTo(a, rpc, people, m.id, "ACCEPTED");
    const asGateway = await rpcClient(stack.ns, { origin: "gateway" });
    try {
      expect(
        await asGateway.request(
          "contracts",
          "markMilestonePaid",
          { milestoneId: m.id },
          { caller: { id: people.client.id, role: "CLIENT" } },
        ),
      ).toMatchObject({ ok: false, error: { status: 404 } });
    } finally {
      await asGateway.close();
    }
    expect((await a.post(`${C}/milestones/${m.id}/pay`, {}, people.client.token)).status).toBe(404);
    expect(await statusOf(m.id)).toBe("ACCEPTED");
  });
});
