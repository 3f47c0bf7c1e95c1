// The contracts store on Cassandra (CONTRACTS_STORE=cassandra), the seed's choice, tables in cassandraSchema.ts.
// Where PostgreSQL takes row locks, this store writes with conditions (lightweight transactions): a contract exists
// once per proposal, a milestone or request moves only from the status it was read in, a requester holds one
// pending termination request per contract.
import {
  allRows,
  byCreation,
  cassandraError,
  conditional,
  oneRow,
  openCassandraOrExplain,
  valuesOf,
  type CassandraClient,
  type CassandraSettings,
} from "../../runtime/cassandra.ts";
import { conflict } from "../../runtime/errors.ts";
import type { ExternalStore } from "../../runtime/externalStore.ts";
import { derivedId } from "../../runtime/derivedId.ts";
import { translatingErrors } from "../../runtime/storeErrors.ts";
import type { Logger } from "../../runtime/log.ts";
import type { ContractRow, ContractsStore, TerminationRow } from "../store.ts";

type ChangeMarked = { changed_by_request?: string | null; previous_status?: string | null };
import { contractsDdl, tables } from "./cassandraSchema.ts";
import { toContractRow, toMilestoneRow, toTerminationRow } from "./cassandraRows.ts";
import { cql } from "./cassandraStatements.ts";

export async function openCassandraContractsStore(
  settings: CassandraSettings,
  log: Logger,
): Promise<ExternalStore<ContractsStore>> {
  const client = await openCassandraOrExplain(settings, contractsDdl, log);
  // Nothing here uses the request's PostgreSQL connection; its request id makes its writes idempotent.
  return {
    kind: "cassandra",
    bind: (_sql, requestId) => translatingErrors(cassandraContractsStore(client, requestId), cassandraError),
    close: () => client.shutdown(),
  };
}

/** A contract's id follows from its proposal's: a second initiate for the same proposal finds the first contract. */
export const contractIdOf = (proposalId: string) => derivedId("contract", proposalId);
/** A claim whose request row never appeared is a crashed writer's after this long. */
const abandonedClaimMs = 60_000;

export const milestoneIdOf = (contractId: string, position: number) =>
  derivedId("milestone", contractId, String(position));

/** The store of one request: its writes are idempotent by `requestId` (Cassandra is outside its transaction). */
export function cassandraContractsStore(client: CassandraClient, requestId: string): ContractsStore {
  const run = (query: string, params: unknown[]) => client.execute(query, params, { prepare: true });

  const findContract = async (id: string) => {
    const row = await oneRow(client, cql.contractById, [id]);
    return row && toContractRow(row);
  };
  const milestoneAt = async (contractId: string, position: number) => {
    const row = await oneRow(client, cql.milestoneAt, [contractId, position]);
    return row && toMilestoneRow(row);
  };
  const findMilestone = async (id: string) => {
    const where = await oneRow(client, cql.milestoneById, [id]);
    return where && milestoneAt(String(where.get("contract_id")), where.get("position"));
  };
  const terminationAt = async (contractId: string, id: string) => {
    const row = await oneRow(client, cql.terminationAt, [contractId, id]);
    return row && toTerminationRow(row);
  };
  const findTermination = async (id: string) => {
    const where = await oneRow(client, cql.terminationById, [id]);
    return where && terminationAt(String(where.get("contract_id")), id);
  };
  /**
   * The requester's claim on the contract's one pending request, while it holds: claims of handled requests, and
   * claims whose request was never written (its writer crashed) after a minute, are released.
   */
  const livePending = async (contractId: string, requesterId: string) => {
    const slot = await oneRow(client, cql.pendingOf, [contractId, requesterId]);
    if (!slot) return null;
    const requestId = String(slot.get("request_id"));
    const request = await terminationAt(contractId, requestId);
    const abandoned = !request && Date.now() - (slot.get("claimed_at") as Date).getTime() > abandonedClaimMs;
    if (request?.status === "PENDING" || (!request && !abandoned))
      return { requestId, madeBy: slot.get("made_by_request") as string };
    await run(cql.freePending, [contractId, requesterId, requestId]);
    return null;
  };
  const releasePending = (r: TerminationRow) => run(cql.freePending, [r.contract_id, r.requester_id, r.id]);
  /** A row this request changed before (it is being redelivered): as the request first read it. */
  const asFirstSeen = <R extends { status: string } & ChangeMarked>(row: R | null): R | null => {
    const mine = row && row.changed_by_request === requestId && row.previous_status;
    return mine ? { ...row, status: row.previous_status } : row;
  };
  /** A change that did not apply: the row as it is when this request made that change already, else null. */
  const madeAlready = <R extends { status: string } & ChangeMarked>(row: R | null, status: string): R | null =>
    row && row.changed_by_request === requestId && row.status === status ? row : null;

  return {
    async insertContract(c) {
      const id = contractIdOf(c.proposalId);
      const now = new Date();
      const milestones = c.milestones.map((m, position) => ({
        contract_id: id,
        position,
        id: milestoneIdOf(id, position),
        description: m.description,
        amount: m.amount,
        due_date: m.dueDate,
        status: "OPEN",
        created_at: now,
        updated_at: now,
      }));
      // One partition, one conditional batch: all the milestones or none; a retry finds the first attempt's.
      await client.batch(
        milestones.map((m) => ({ query: cql.insertMilestone, params: valuesOf(tables.milestones, m) })),
        { prepare: true },
      );
      await Promise.all(milestones.map((m) => run(cql.insertMilestoneId, valuesOf(tables.milestones_by_id, m))));
      const contract: ContractRow = {
        id,
        job_id: c.jobId,
        proposal_id: c.proposalId,
        job_title: c.jobTitle,
        client_id: c.clientId,
        freelancer_id: c.freelancerId,
        status: "ACTIVE",
        created_at: now,
        updated_at: now,
        changed_by_request: null,
      };
      const { applied } = await conditional(client, cql.insertContract, valuesOf(tables.contracts, contract as never));
      return applied ? contract : null;
    },

    findContract,
    findContractByProposal: (proposalId) => findContract(contractIdOf(proposalId)),
    lockContract: async (id) => asFirstSeen(await findContract(id)),

    async setContractStatus(contract, status) {
      const { applied } = await conditional(client, cql.setContractStatus, [
        status,
        requestId,
        contract.status,
        new Date(),
        contract.id,
        contract.status,
      ]);
      const current = await findContract(contract.id);
      return applied ? current : madeAlready(current, status);
    },

    async listMilestones(contractId) {
      return (await allRows(client, cql.milestonesOf, [contractId])).map(toMilestoneRow);
    },
    findMilestone,
    lockMilestone: async (id) => asFirstSeen(await findMilestone(id)),

    async setMilestoneStatus(m, status, { paymentRequestId } = {}) {
      const at = [m.contract_id, m.position, m.status];
      const { applied } =
        paymentRequestId === undefined
          ? await conditional(client, cql.setMilestoneStatus, [status, requestId, m.status, new Date(), ...at])
          : await conditional(client, cql.setMilestonePaid, [
              status,
              requestId,
              m.status,
              new Date(),
              paymentRequestId,
              ...at,
            ]);
      const current = await milestoneAt(m.contract_id, m.position);
      return applied ? current : madeAlready(current, status);
    },

    async allMilestonesPaid(contractId) {
      return (await allRows(client, cql.milestonesOf, [contractId])).every((r) => r.get("status") === "PAID");
    },

    findTermination,
    lockTermination: async (id) => asFirstSeen(await findTermination(id)),

    async pendingTerminations(contractId) {
      const rows = (await allRows(client, cql.terminationsOf, [contractId])).map(toTerminationRow);
      return byCreation(
        rows.filter((r) => r.status === "PENDING"),
        "asc",
      );
    },

    async hasPendingTermination(contractId, requesterId) {
      const live = await livePending(contractId, requesterId);
      return live !== null && live.madeBy !== requestId;
    },

    async insertTermination(contractId, requesterId, reason) {
      const id = derivedId("termination", requestId);
      const claim = {
        contract_id: contractId,
        requester_id: requesterId,
        request_id: id,
        made_by_request: requestId,
        claimed_at: new Date(),
      };
      const claimPending = () => conditional(client, cql.claimPending, valuesOf(tables.pending_terminations, claim));
      if (!(await claimPending()).applied) {
        const live = await livePending(contractId, requesterId); // this request's own claim: a redelivery carries on
        if (live ? live.madeBy !== requestId : !(await claimPending()).applied) {
          throw conflict("You already have a pending termination request for this contract");
        }
      }
      const now = new Date();
      const row: TerminationRow = {
        id,
        contract_id: contractId,
        requester_id: requesterId,
        reason,
        status: "PENDING",
        created_at: now,
        handled_at: null,
        changed_by_request: null,
      };
      const inserted = await conditional(
        client,
        cql.insertTermination,
        valuesOf(tables.termination_requests, row as never),
      );
      await run(cql.insertTerminationId, [id, contractId]);
      return inserted.applied ? row : asFirstSeen(toTerminationRow(inserted.current!))!;
    },

    async setTerminationStatus(request, status) {
      const { applied } = await conditional(client, cql.setTerminationStatus, [
        status,
        requestId,
        request.status,
        new Date(),
        request.contract_id,
        request.id,
        request.status,
      ]);
      const current = await terminationAt(request.contract_id, request.id);
      const changed = applied ? current : madeAlready(current, status);
      if (changed) await releasePending(request);
      return changed;
    },

    async closePendingTerminations(contractId, exceptId) {
      let closed = 0;
      for (const r of (await allRows(client, cql.terminationsOf, [contractId])).map(toTerminationRow)) {
        if (r.id === exceptId || r.status !== "PENDING") continue;
        const { applied } = await conditional(client, cql.setTerminationStatus, [
          "REJECTED",
          null,
          null,
          new Date(),
          contractId,
          r.id,
          "PENDING",
        ]);
        if (applied) closed++;
        await releasePending(r);
      }
      return closed;
    },
  };
}
