import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { startStack } from "../support/stack.ts";
import { api } from "../support/api.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { cast, evaluate, markPaid, milestoneInput, moveTo, newContract, progress, type Cast } from "./arrange.ts";

const { stack, api: a } = useStack({
  services: ["users", "contracts"],
  env: { GATEWAY_TIMEOUT_MS: "30000" },
  inProcess: true,
});
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
const ask = (contractId: string, token: string, reason: unknown = "The work stopped") =>
  a.post(`${C}/${contractId}/terminations/request`, { reason }, token);
const handle = (requestId: string, token: string, chosenStatus: unknown) =>
  a.post(`${C}/terminations/${requestId}/handle`, { chosenStatus }, token);
const pending = async (contractId: string) =>
  (await a.get(`${C}/${contractId}/terminations`, people.client.token)).body.terminationRequests as Array<{
    id: string;
    requesterId: string;
    status: string;
  }>;
const contractStatus = async (contractId: string) =>
  (await a.get(`${C}/${contractId}`, people.freelancer.token)).body.status;

describe("requesting a termination", () => {
  it("lets either party ask with 201 and lists both pending requests right away", async () => {
    const contract = await newContract(rpc, people);
    expect(await pending(contract.id)).toEqual([]); // cached empty list, which the requests must drop
    const byClient = await ask(contract.id, people.client.token, "Budget cut");
    expect(byClient.status).toBe(201);
    expect(byClient.body).toMatchObject({
      contractId: contract.id,
      requesterId: people.client.id,
      reason: "Budget cut",
      status: "PENDING",
    });
    expect(typeof byClient.body.createdAt).toBe("string");
    expect((await pending(contract.id)).map((r) => r.id)).toEqual([byClient.body.id]);
    const byFreelancer = await ask(contract.id, people.freelancer.token);
    expect(byFreelancer.status).toBe(201);
    const list = await a.get(`${C}/${contract.id}/terminations`, people.freelancer.token);
    expect(list.status).toBe(200);
    expect(list.body.terminationRequests).toEqual([byClient.body, byFreelancer.body]);
  });

  it("refuses a second pending request from the same party with 409, also sent concurrently", async () => {
    const contract = await newContract(rpc, people);
    expect((await ask(contract.id, people.freelancer.token)).status).toBe(201);
    const again = await ask(contract.id, people.freelancer.token, "Again");
    expect(again.status).toBe(409);
    const racing = await Promise.all([1, 2, 3].map(() => ask(contract.id, people.client.token)));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await pending(contract.id)).map((r) => r.requesterId).sort()).toEqual(
      [people.client.id, people.freelancer.id].sort(),
    );
  });

  it("refuses strangers with 403, admins at the edge with 403, and anonymous callers with 401", async () => {
    const contract = await newContract(rpc, people);
    expect((await ask(contract.id, people.otherClient.token)).status).toBe(403);
    expect((await ask(contract.id, people.otherFreelancer.token)).status).toBe(403);
    expect((await ask(contract.id, people.admin)).status).toBe(403);
    expect((await a.post(`${C}/${contract.id}/terminations/request`, { reason: "x" })).status).toBe(401);
    expect(await pending(contract.id)).toEqual([]);
  });

  it("requires a reason, and answers 404 for an unknown contract and 400 for a malformed id", async () => {
    const contract = await newContract(rpc, people);
    const blank = await ask(contract.id, people.client.token, "  ");
    expect(blank.status).toBe(400);
    expect(blank.body.error.field).toBe("reason");
    expect((await a.post(`${C}/${contract.id}/terminations/request`, {}, people.client.token)).status).toBe(400);
    expect((await ask(crypto.randomUUID(), people.client.token)).status).toBe(404);
    expect((await ask("bruh", people.client.token)).status).toBe(400);
  });
});

describe("handling a termination request (admin)", () => {
  it("lets only an admin handle a request: the parties and strangers get 403", async () => {
    const contract = await newContract(rpc, people);
    const request = (await ask(contract.id, people.client.token)).body;
    for (const token of [people.client.token, people.freelancer.token, people.otherClient.token]) {
      expect((await handle(request.id, token, "ACCEPTED")).status).toBe(403);
    }
    expect(await contractStatus(contract.id)).toBe("ACTIVE");
    expect((await pending(contract.id)).map((r) => r.id)).toEqual([request.id]);
  });

  it(
    "rejecting keeps the contract ACTIVE, drops the request from the pending list, and the " + "party may ask again",
    async () => {
      const contract = await newContract(rpc, people);
      const request = (await ask(contract.id, people.freelancer.token)).body;
      expect(await pending(contract.id)).toHaveLength(1);
      const res = await handle(request.id, people.admin, "REJECTED");
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: request.id, status: "REJECTED" });
      expect(await pending(contract.id)).toEqual([]);
      expect(await contractStatus(contract.id)).toBe("ACTIVE");
      expect((await handle(request.id, people.admin, "ACCEPTED")).status).toBe(409);
      expect((await ask(contract.id, people.freelancer.token)).status).toBe(201);
    },
  );

  it("accepting terminates the contract, closes the other pending request, and nothing moves afterwards", async () => {
    const contract = await newContract(rpc, people, { milestones: ["a", "b", "c"].map((d) => milestoneInput(d)) });
    const [open, review, accepted] = contract.milestones;
    await moveTo(a, rpc, people, review.id, "IN_REVIEW");
    await moveTo(a, rpc, people, accepted.id, "ACCEPTED");
    const byClient = (await ask(contract.id, people.client.token)).body;
    const byFreelancer = (await ask(contract.id, people.freelancer.token)).body;
    expect(await contractStatus(contract.id)).toBe("ACTIVE"); // cached, which the termination must drop

    const res = await handle(byClient.id, people.admin, "ACCEPTED");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: byClient.id, status: "ACCEPTED" });
    expect(await contractStatus(contract.id)).toBe("TERMINATED");
    expect(await pending(contract.id)).toEqual([]);
    const sql = stack.db("contracts");
    const rows = await sql`select id, status from termination_requests where contract_id = ${contract.id}`;
    await sql.end();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [byClient.id]: "ACCEPTED",
      [byFreelancer.id]: "REJECTED",
    });

    expect((await progress(a, open.id, people.freelancer.token)).status).toBe(409);
    expect((await evaluate(a, review.id, people.client.token, "ACCEPTED")).status).toBe(409);
    expect((await evaluate(a, review.id, people.client.token, "IN_PROGRESS")).status).toBe(409);
    expect((await ask(contract.id, people.client.token)).status).toBe(409);
    expect((await handle(byFreelancer.id, people.admin, "ACCEPTED")).status).toBe(409);
    expect((await handle(byClient.id, people.admin, "REJECTED")).status).toBe(409);
    const read = await a.get(`${C}/${contract.id}`, people.client.token);
    expect(read.body.milestones.map((m: { status: string }) => m.status)).toEqual(["OPEN", "IN_REVIEW", "ACCEPTED"]);
  });

  it(
    "still records the payment of a milestone accepted before the termination, and the " + "contract stays TERMINATED",
    async () => {
      const contract = await newContract(rpc, people);
      const m = contract.milestones[0];
      await moveTo(a, rpc, people, m.id, "ACCEPTED");
      const request = (await ask(contract.id, people.client.token)).body;
      expect((await handle(request.id, people.admin, "ACCEPTED")).status).toBe(200);
      expect(await markPaid(rpc, m.id)).toMatchObject({
        ok: true,
        body: { milestone: { status: "PAID" }, contractStatus: "TERMINATED" },
      });
      expect(await contractStatus(contract.id)).toBe("TERMINATED");
    },
  );

  it("terminates once when two requests of one contract are accepted at the same time", async () => {
    const contract = await newContract(rpc, people);
    const byClient = (await ask(contract.id, people.client.token)).body;
    const byFreelancer = (await ask(contract.id, people.freelancer.token)).body;
    const results = await Promise.all([
      handle(byClient.id, people.admin, "ACCEPTED"),
      handle(byFreelancer.id, people.admin, "ACCEPTED"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const sql = stack.db("contracts");
    const rows = await sql`select status from termination_requests where contract_id = ${contract.id} order by status`;
    await sql.end();
    expect(rows.map((r) => r.status)).toEqual(["ACCEPTED", "REJECTED"]);
  });

  it(
    "accepts only ACCEPTED or REJECTED (400 naming chosenStatus), and answers 404 / 400 for " +
      "unknown / malformed ids",
    async () => {
      const contract = await newContract(rpc, people);
      const request = (await ask(contract.id, people.client.token)).body;
      for (const chosen of ["PENDING", "TERMINATED", "accepted", null]) {
        const res = await handle(request.id, people.admin, chosen);
        expect({ chosen, status: res.status, field: res.body.error?.field }).toEqual({
          chosen,
          status: 400,
          field: "chosenStatus",
        });
      }
      expect((await pending(contract.id)).map((r) => r.status)).toEqual(["PENDING"]);
      expect((await handle(crypto.randomUUID(), people.admin, "ACCEPTED")).status).toBe(404);
      expect((await handle("1", people.admin, "ACCEPTED")).status).toBe(400);
    },
  );
});

describe("the 3-day grace period (CONTRACTS_CANCEL_GRACE_HOURS)", () => {
  it("ends a contract at once when a party asks within 3 days of its start, before any work; " +
    "later or after work began, an admin decides", async () => {
    const own = await startStack({ services: ["users", "contracts"], env: { CONTRACTS_CANCEL_GRACE_HOURS: "72" } });
    const ownRpc = await rpcClient(own.ns);
    try {
      const b = api(own.url);
      const p = await cast(b);
      const askOn = (id: string, token: string) =>
        b.post(`${C}/${id}/terminations/request`, { reason: "Changed my mind" }, token);
      const statusOf = async (id: string) => (await b.get(`${C}/${id}`, p.client.token)).body.status;

      const fresh = await newContract(ownRpc, p);
      const cancelled = await askOn(fresh.id, p.freelancer.token);
      expect(cancelled.status).toBe(201);
      expect(cancelled.body.status).toBe("ACCEPTED");
      expect(await statusOf(fresh.id)).toBe("TERMINATED");
      expect((await b.get(`${C}/${fresh.id}/terminations`, p.client.token)).body.terminationRequests).toEqual([]);

      const started = await newContract(ownRpc, p);
      expect(
        (await b.post(`${C}/milestones/${started.milestones[0].id}/progress`, {}, p.freelancer.token)).status,
      ).toBe(200);
      expect((await askOn(started.id, p.client.token)).body.status).toBe("PENDING");
      expect(await statusOf(started.id)).toBe("ACTIVE");

      const old = await newContract(ownRpc, p);
      const sql = own.db("contracts");
      try {
        await sql`update contracts set created_at = now() - interval '73 hours' where id = ${old.id}`;
      } finally {
        await sql.end();
      }
      expect((await askOn(old.id, p.client.token)).body.status).toBe("PENDING");
      expect(await statusOf(old.id)).toBe("ACTIVE");
    } finally {
      await ownRpc.close();
      await own.stop();
    }
  }, 120_000);
});
