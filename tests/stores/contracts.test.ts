// The contracts store's behaviour, the same on every store (PostgreSQL, and Cassandra when CASSANDRA_CONTACT_POINTS
// answers).
import { expect, it } from "bun:test";
import type { ContractsStore, NewContract } from "../../svc/contracts/store.ts";
import { contractsStore } from "../../svc/contracts/store/postgres.ts";
import { openCassandraContractsStore } from "../../svc/contracts/store/cassandra.ts";
import { newNamespace } from "../support/stack.ts";
import { describeStores, isConflict, refusal, requestId } from "./suite.ts";
import { dropKeyspace, freshCassandra, freshDatabase, quietLog, type StoreTarget } from "./targets.ts";

const targets: StoreTarget<ContractsStore>[] = [
  {
    kind: "postgres",
    transactional: true,
    async open() {
      const db = await freshDatabase("contracts");
      return { store: () => contractsStore(db.sql), close: db.drop };
    },
  },
  {
    kind: "cassandra",
    transactional: false,
    async open() {
      const settings = freshCassandra("contracts", newNamespace());
      const opened = await openCassandraContractsStore(settings, quietLog);
      return {
        store: (rid) => opened.bind(null as never, rid),
        async close() {
          await opened.close();
          await dropKeyspace(settings);
        },
      };
    },
  },
];

const newContract = (extra: Partial<NewContract> = {}): NewContract => ({
  jobId: crypto.randomUUID(),
  proposalId: crypto.randomUUID(),
  jobTitle: "Build a search engine",
  clientId: crypto.randomUUID(),
  freelancerId: crypto.randomUUID(),
  milestones: [
    { description: "Design", amount: "500.00", dueDate: "2030-06-01" },
    { description: "Build", amount: "1000.50", dueDate: "2030-07-31" },
    { description: "Ship", amount: "0.01", dueDate: "2030-08-01" },
  ],
  ...extra,
});

await describeStores("contracts", targets, ({ store, target }) => {
  const contractWithMilestones = async () => {
    const contract = (await store().insertContract(newContract()))!;
    return { contract, milestones: await store().listMilestones(contract.id) };
  };

  it("creates a contract with its milestones OPEN, in order, with exact amounts and due days", async () => {
    const c = newContract();
    const created = (await store().insertContract(c))!;
    expect(created).toMatchObject({
      job_id: c.jobId,
      proposal_id: c.proposalId,
      job_title: c.jobTitle,
      client_id: c.clientId,
      freelancer_id: c.freelancerId,
      status: "ACTIVE",
    });
    expect((await store().findContract(created.id))?.proposal_id).toBe(c.proposalId);
    expect((await store().findContractByProposal(c.proposalId))?.id).toBe(created.id);
    expect((await store().lockContract(created.id))?.id).toBe(created.id);
    const milestones = await store().listMilestones(created.id);
    expect(
      milestones.map((m) => [
        m.position,
        m.description,
        m.amount,
        m.due_date.toISOString().slice(0, 10),
        m.status,
        m.payment_request_id,
      ]),
    ).toEqual([
      [0, "Design", "500.00", "2030-06-01", "OPEN", null],
      [1, "Build", "1000.50", "2030-07-31", "OPEN", null],
      [2, "Ship", "0.01", "2030-08-01", "OPEN", null],
    ]);
    expect(await store().findMilestone(milestones[1].id)).toMatchObject({
      id: milestones[1].id,
      contract_id: created.id,
      description: "Build",
    });
    expect(await store().findContract(crypto.randomUUID())).toBeNull();
    expect(await store().findContractByProposal(crypto.randomUUID())).toBeNull();
    expect(await store().findMilestone(crypto.randomUUID())).toBeNull();
  });

  it("makes one contract per proposal: a second one for it is refused and changes nothing", async () => {
    const c = newContract();
    const first = (await store().insertContract(c))!;
    const [progressed] = await store().listMilestones(first.id);
    await store().setMilestoneStatus(progressed, "IN_PROGRESS");
    expect(await store().insertContract({ ...c, jobTitle: "Another title" })).toBeNull();
    expect(await store().findContractByProposal(c.proposalId)).toMatchObject({ id: first.id, job_title: c.jobTitle });
    expect((await store().listMilestones(first.id)).map((m) => m.status)).toEqual(["IN_PROGRESS", "OPEN", "OPEN"]);
  });

  it("moves a milestone only from the status it was read in: of two racing changes one wins", async () => {
    const { milestones } = await contractWithMilestones();
    const read = milestones[0];
    const results = await Promise.all([
      store().setMilestoneStatus(read, "IN_PROGRESS"),
      store().setMilestoneStatus(read, "IN_PROGRESS"),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.find((r) => r)!.status).toBe("IN_PROGRESS");
    expect(await store().setMilestoneStatus(read, "IN_REVIEW")).toBeNull();
    expect((await store().findMilestone(read.id))?.status).toBe("IN_PROGRESS");
  });

  it("records the payment request with PAID, and tells when every milestone is paid", async () => {
    const { contract, milestones } = await contractWithMilestones();
    const paymentRequestId = crypto.randomUUID();
    expect(await store().allMilestonesPaid(contract.id)).toBe(false);
    for (const m of milestones) {
      const accepted = (await store().setMilestoneStatus(m, "ACCEPTED"))!;
      const paid = await store().setMilestoneStatus(accepted, "PAID", { paymentRequestId });
      expect(paid).toMatchObject({ status: "PAID", payment_request_id: paymentRequestId });
    }
    expect(await store().allMilestonesPaid(contract.id)).toBe(true);
  });

  it("changes a contract's status only from the status it was read in", async () => {
    const { contract } = await contractWithMilestones();
    const completed = await store().setContractStatus(contract, "COMPLETED");
    expect(completed?.status).toBe("COMPLETED");
    expect(await store().setContractStatus(contract, "TERMINATED")).toBeNull();
    expect((await store().findContract(contract.id))?.status).toBe("COMPLETED");
  });

  it(
    "keeps one pending termination request per requester, lists pending ones oldest first, and " +
      "frees the slot once handled",
    async () => {
      const { contract } = await contractWithMilestones();
      const first = await store().insertTermination(contract.id, contract.client_id, "Too slow");
      await Bun.sleep(5);
      const second = await store().insertTermination(contract.id, contract.freelancer_id, "Unpaid");
      expect(first).toMatchObject({
        contract_id: contract.id,
        requester_id: contract.client_id,
        reason: "Too slow",
        status: "PENDING",
        handled_at: null,
      });
      expect(await store().hasPendingTermination(contract.id, contract.client_id)).toBe(true);
      expect(isConflict(await refusal(store().insertTermination(contract.id, contract.client_id, "Again")))).toBe(true);
      expect((await store().pendingTerminations(contract.id)).map((r) => r.id)).toEqual([first.id, second.id]);
      expect((await store().findTermination(first.id))?.reason).toBe("Too slow");
      expect((await store().lockTermination(first.id))?.id).toBe(first.id);

      const rejected = await store().setTerminationStatus(first, "REJECTED");
      expect(rejected?.status).toBe("REJECTED");
      expect(rejected?.handled_at).toBeInstanceOf(Date);
      expect(await store().setTerminationStatus(first, "ACCEPTED")).toBeNull();
      expect(await store().hasPendingTermination(contract.id, contract.client_id)).toBe(false);
      const third = await store().insertTermination(contract.id, contract.client_id, "Still too slow");
      expect((await store().pendingTerminations(contract.id)).map((r) => r.id)).toEqual([second.id, third.id]);
    },
  );

  it("closes the other pending requests of a contract, and counts them", async () => {
    const { contract } = await contractWithMilestones();
    const kept = await store().insertTermination(contract.id, contract.client_id, "Mine");
    const other = await store().insertTermination(contract.id, contract.freelancer_id, "Theirs");
    expect(await store().closePendingTerminations(contract.id, kept.id)).toBe(1);
    expect(await store().closePendingTerminations(contract.id, kept.id)).toBe(0);
    expect((await store().findTermination(other.id))?.status).toBe("REJECTED");
    expect((await store().pendingTerminations(contract.id)).map((r) => r.id)).toEqual([kept.id]);
    expect(await store().hasPendingTermination(contract.id, contract.freelancer_id)).toBe(false);
  });

  // Only stores outside the request's transaction see a request twice (a redelivery after a crash mid-write).
  it.skipIf(target.transactional)(
    "marks each change with its request, and takes a redelivered termination request once",
    async () => {
      const { contract, milestones } = await contractWithMilestones();
      const rid = requestId();
      expect((await store(rid).setMilestoneStatus(milestones[0], "IN_PROGRESS"))?.changed_by_request).toBe(rid);
      expect((await store(rid).setContractStatus(contract, "TERMINATED"))?.changed_by_request).toBe(rid);
      const tid = requestId();
      const first = await store(tid).insertTermination(contract.id, contract.client_id, "Once");
      expect((await store(tid).insertTermination(contract.id, contract.client_id, "Once")).id).toBe(first.id);
      expect(await store().pendingTerminations(contract.id)).toHaveLength(1);
    },
  );

  it.skipIf(target.transactional)(
    "shows a redelivered request the rows as it first read them, and its changes as made",
    async () => {
      const { contract, milestones } = await contractWithMilestones();
      const rid = requestId();
      await store(rid).setMilestoneStatus(milestones[0], "IN_PROGRESS");
      const again = (await store(rid).lockMilestone(milestones[0].id))!;
      expect(again.status).toBe("OPEN");
      expect((await store(rid).setMilestoneStatus(again, "IN_PROGRESS"))?.status).toBe("IN_PROGRESS");
      expect(await store().setMilestoneStatus(again, "IN_PROGRESS")).toBeNull(); // another request: changed meanwhile
      expect((await store().lockMilestone(milestones[0].id))?.status).toBe("IN_PROGRESS");
      await store(rid).setContractStatus(contract, "TERMINATED");
      expect((await store(rid).lockContract(contract.id))?.status).toBe("ACTIVE");
    },
  );
});
