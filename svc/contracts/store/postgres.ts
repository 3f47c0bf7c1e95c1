// The contracts store on PostgreSQL (the default): contracts, their milestones, termination requests.
// The request's transaction and the row locks make every write here happen once: request ids are not needed.
import type { Sql } from "postgres";
import type { ContractRow, ContractsStore, MilestoneRow, TerminationRow } from "../store.ts";
import { postgresError, translatingErrors } from "../../runtime/storeErrors.ts";

export function contractsStore(sql: Sql): ContractsStore {
  return translatingErrors(
    {
      async insertContract(c) {
        const row = {
          id: crypto.randomUUID(),
          job_id: c.jobId,
          proposal_id: c.proposalId,
          job_title: c.jobTitle,
          client_id: c.clientId,
          freelancer_id: c.freelancerId,
        };
        const [created] = await sql<
          ContractRow[]
        >`insert into contracts ${sql(row)} on conflict (proposal_id) do nothing returning *`;
        if (!created) return null;
        const milestones = c.milestones.map((m, position) => ({
          id: crypto.randomUUID(),
          contract_id: created.id,
          position,
          description: m.description,
          amount: m.amount,
          due_date: m.dueDate,
        }));
        await sql`insert into milestones ${sql(milestones)}`;
        return created;
      },
      async findContract(id) {
        const [row] = await sql<ContractRow[]>`select * from contracts where id = ${id}`;
        return row ?? null;
      },
      async findContractByProposal(proposalId) {
        const [row] = await sql<ContractRow[]>`select * from contracts where proposal_id = ${proposalId}`;
        return row ?? null;
      },
      async lockContract(id) {
        const [row] = await sql<ContractRow[]>`select * from contracts where id = ${id} for update`;
        return row ?? null;
      },
      async setContractStatus(contract, status) {
        const [row] = await sql<ContractRow[]>`update contracts set status = ${status}, updated_at = now()
                                             where id = ${contract.id} and status = ${contract.status} returning *`;
        return row ?? null;
      },
      async listMilestones(contractId) {
        return sql<MilestoneRow[]>`select * from milestones where contract_id = ${contractId} order by position`;
      },
      async findMilestone(id) {
        const [row] = await sql<MilestoneRow[]>`select * from milestones where id = ${id}`;
        return row ?? null;
      },
      async lockMilestone(id) {
        const [row] = await sql<MilestoneRow[]>`select * from milestones where id = ${id} for update`;
        return row ?? null;
      },
      async setMilestoneStatus(milestone, status, { paymentRequestId } = {}) {
        const [row] =
          paymentRequestId === undefined
            ? await sql<MilestoneRow[]>`update milestones set status = ${status}, updated_at = now()
                                    where id = ${milestone.id} and status = ${milestone.status} returning *`
            : await sql<
                MilestoneRow[]
              >`update milestones set status = ${status}, payment_request_id = ${paymentRequestId}, updated_at = now()
                                    where id = ${milestone.id} and status = ${milestone.status} returning *`;
        return row ?? null;
      },
      async allMilestonesPaid(contractId) {
        const [row] = await sql<
          { unpaid: number }[]
        >`select count(*)::int as unpaid from milestones where contract_id = ${contractId} and status <> 'PAID'`;
        return row.unpaid === 0;
      },
      async findTermination(id) {
        const [row] = await sql<TerminationRow[]>`select * from termination_requests where id = ${id}`;
        return row ?? null;
      },
      async lockTermination(id) {
        const [row] = await sql<TerminationRow[]>`select * from termination_requests where id = ${id} for update`;
        return row ?? null;
      },
      async pendingTerminations(contractId) {
        return sql<
          TerminationRow[]
        >`select * from termination_requests where contract_id = ${contractId} and status = 'PENDING'
          order by created_at, id`;
      },
      async hasPendingTermination(contractId, requesterId) {
        const rows = await sql`select 1 from termination_requests where contract_id = ${contractId}
            and requester_id = ${requesterId} and status = 'PENDING'`;
        return rows.length > 0;
      },
      async insertTermination(contractId, requesterId, reason) {
        const row = { id: crypto.randomUUID(), contract_id: contractId, requester_id: requesterId, reason };
        const [created] = await sql<TerminationRow[]>`insert into termination_requests ${sql(row)} returning *`;
        return created;
      },
      async setTerminationStatus(request, status) {
        const [row] = await sql<TerminationRow[]>`update termination_requests set status = ${status}, handled_at = now()
                                                where id = ${request.id} and status = ${request.status} returning *`;
        return row ?? null;
      },
      async closePendingTerminations(contractId, exceptId) {
        const rows = await sql`update termination_requests set status = 'REJECTED', handled_at = now()
                             where contract_id = ${contractId} and status = 'PENDING' and id <> ${exceptId}
                               returning id`;
        return rows.length;
      },
    },
    postgresError,
  );
}
