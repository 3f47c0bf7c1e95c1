import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { waitFor } from "../support/stack.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { cast, idsOnly, initiateInput, milestoneInput, newContract, type Cast, type Contract } from "./arrange.ts";

const { stack, api: a } = useStack({ services: ["users", "contracts"], env: { GATEWAY_TIMEOUT_MS: "30000" } });
let rpc: TestRpc;
let people: Cast;
let contractsAtStart = -1;
const countContracts = async () => {
  const sql = stack.db("contracts");
  const [row] = await sql`select count(*)::int as n from contracts`;
  await sql.end();
  return row.n as number;
};
beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
  contractsAtStart = await countContracts();
  people = await cast(a);
}, 180_000);
afterAll(async () => {
  await rpc?.close();
}, 30_000);

describe("initiateContract (from jobs' acceptProposal)", () => {
  it(
    "creates an ACTIVE contract whose milestones are OPEN, in the proposal's order, with exact " + "amounts and days",
    async () => {
      const p = people;
      const input = initiateInput(p, {
        jobTitle: "Port the billing system",
        milestones: [
          milestoneInput("Schema", "1234.5", "2030-02-28"),
          milestoneInput("API", 0.1, "2030-03-31T00:00:00Z"),
          milestoneInput("UI", "999999.99", "2031-01-01"),
        ],
      });
      const contract = await rpc.call<Contract>("contracts", "initiateContract", input);
      expect(contract).toMatchObject({
        jobId: input.jobId,
        proposalId: input.proposalId,
        jobTitle: "Port the billing system",
        clientId: p.client.id,
        freelancerId: p.freelancer.id,
        status: "ACTIVE",
      });
      expect(contract.milestones.map((m) => [m.description, m.amount, m.dueDate, m.status, m.contractId])).toEqual([
        ["Schema", 1234.5, "2030-02-28", "OPEN", contract.id],
        ["API", 0.1, "2030-03-31", "OPEN", contract.id],
        ["UI", 999999.99, "2031-01-01", "OPEN", contract.id],
      ]);
      const sql = stack.db("contracts");
      const rows = await sql`select amount::text as amount, due_date::text as due from milestones
          where contract_id = ${contract.id} order by position`;
      await sql.end();
      expect(rows.map((r) => [r.amount, r.due])).toEqual([
        ["1234.50", "2030-02-28"],
        ["0.10", "2030-03-31"],
        ["999999.99", "2031-01-01"],
      ]);

      const read = await a.get(`/api/v1/contracts/${contract.id}`, p.client.token);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(JSON.parse(JSON.stringify(contract)));
    },
  );

  it("returns the same contract when the same proposal is initiated again, even concurrently", async () => {
    const p = idsOnly();
    const input = initiateInput(p, { milestones: [milestoneInput("One"), milestoneInput("Two")] });
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => rpc.call<Contract>("contracts", "initiateContract", input)),
    );
    const later = await rpc.call<Contract>("contracts", "initiateContract", input);
    const ids = new Set([...concurrent, later].map((c) => c.id));
    expect(ids.size).toBe(1);
    expect(later.milestones.map((m) => m.id)).toEqual(concurrent[0].milestones.map((m) => m.id));
    const sql = stack.db("contracts");
    const [held] =
      await sql`select (select count(*)::int from contracts where proposal_id = ${input.proposalId}) as contracts,
        (select count(*)::int from milestones where contract_id = ${later.id}) as milestones`;
    await sql.end();
    expect(held).toEqual({ contracts: 1, milestones: 2 });
  });

  it("refuses the same proposal for another job or other parties with 409", async () => {
    const p = idsOnly(),
      q = idsOnly();
    const first = await newContract(rpc, p);
    const otherParties = await rpc.request(
      "contracts",
      "initiateContract",
      initiateInput(q, { proposalId: first.proposalId, jobId: first.jobId }),
    );
    expect(otherParties).toMatchObject({ ok: false, error: { status: 409, field: "proposalId" } });
    const otherJob = await rpc.request(
      "contracts",
      "initiateContract",
      initiateInput(p, { proposalId: first.proposalId }),
    );
    expect(otherJob).toMatchObject({ ok: false, error: { status: 409 } });
  });

  it("refuses a second contract for a job that already has one, from another proposal, with 409", async () => {
    // What an accept whose reply from contracts was lost leaves behind: the job still open, its contract made.
    const p = idsOnly();
    const first = await newContract(rpc, p);
    const second = await rpc.request("contracts", "initiateContract", initiateInput(p, { jobId: first.jobId }));
    expect(second).toMatchObject({
      ok: false,
      error: { status: 409, message: expect.stringContaining("contracts_one_per_job") },
    });
    const sql = stack.db("contracts");
    const [{ n }] = await sql`select count(*)::int as n from contracts where job_id = ${first.jobId}`;
    await sql.end();
    expect(n).toBe(1);
  });

  it("validates its input and names the field", async () => {
    const p = idsOnly();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ milestones: [] }, "milestones"],
      [{ milestones: [milestoneInput("A", "1.005")] }, "milestones.0.amount"],
      [{ milestones: [milestoneInput("A", "0")] }, "milestones.0.amount"],
      [{ milestones: [milestoneInput("A", -5)] }, "milestones.0.amount"],
      [{ milestones: [milestoneInput("A"), milestoneInput("B", "10", "2030-02-30")] }, "milestones.1.dueDate"],
      [{ milestones: [milestoneInput(" ")] }, "milestones.0.description"],
      [{ freelancerId: p.client.id }, "freelancerId"],
      [{ clientId: "123" }, "clientId"],
      [{ proposalId: "bruh" }, "proposalId"],
    ];
    for (const [extra, field] of cases) {
      const reply = await rpc.request("contracts", "initiateContract", initiateInput(p, extra));
      expect({ extra, reply }).toMatchObject({ extra, reply: { ok: false, error: { status: 400, field } } });
    }
    const sql = stack.db("contracts");
    const [held] = await sql`select count(*)::int as n from contracts where client_id = ${p.client.id}`;
    await sql.end();
    expect(held.n).toBe(0);
  });

  it("cannot be reached from outside: no route, and a message marked as from the gateway is refused", async () => {
    const p = people;
    const viaHttp = await a.post("/api/v1/contracts", initiateInput(p), p.client.token);
    expect(viaHttp.status).toBe(404);
    const asGateway = await rpcClient(stack.ns, { origin: "gateway" });
    try {
      const input = initiateInput(p);
      expect(
        await asGateway.request("contracts", "initiateContract", input, {
          caller: { id: p.client.id, role: "CLIENT" },
        }),
      ).toMatchObject({ ok: false, error: { status: 404 } });
      const sql = stack.db("contracts");
      const [held] = await sql`select count(*)::int as n from contracts where proposal_id = ${input.proposalId}`;
      await sql.end();
      expect(held.n).toBe(0);
    } finally {
      await asGateway.close();
    }
  });

  it("starts without any sample contract, also when another replica starts", async () => {
    expect(contractsAtStart).toBe(0);
    const before = await countContracts();
    await stack.spawn("contracts");
    await waitFor("two contracts replicas", () => stack.replicas("contracts").length === 2);
    // A round trip through the queue, so a start-up message (as the original sent) would have been consumed.
    const p = idsOnly();
    await Promise.all(Array.from({ length: 4 }, () => newContract(rpc, p)));
    expect(await countContracts()).toBe(before + 4);
  });
});
