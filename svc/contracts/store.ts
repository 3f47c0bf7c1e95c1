// The contracts service's storage (PostgreSQL). Row shapes stay here; commands see plain objects.
import type { Sql } from "postgres";

export type ContractStatus = "ACTIVE" | "TERMINATED" | "COMPLETED";
export type MilestoneStatus = "OPEN" | "IN_PROGRESS" | "IN_REVIEW" | "ACCEPTED" | "PAID";
export type TerminationStatus = "PENDING" | "ACCEPTED" | "REJECTED";

export interface ContractRow {
  id: string; job_id: string; proposal_id: string; job_title: string; client_id: string; freelancer_id: string;
  status: ContractStatus; created_at: Date; updated_at: Date;
}
export interface MilestoneRow {
  id: string; contract_id: string; position: number; description: string;
  /** NUMERIC(14,2) as postgres.js reads it: "500.00". */
  amount: string;
  due_date: Date; status: MilestoneStatus; payment_request_id: string | null; created_at: Date; updated_at: Date;
}
export interface TerminationRow {
  id: string; contract_id: string; requester_id: string; reason: string; status: TerminationStatus;
  created_at: Date; handled_at: Date | null;
}

export interface NewContract {
  jobId: string; proposalId: string; jobTitle: string; clientId: string; freelancerId: string;
  /** amount: a decimal string ("500.00"); dueDate: "YYYY-MM-DD". */
  milestones: Array<{ description: string; amount: string; dueDate: string }>;
}

export function contractsStore(sql: Sql) {
  return {
    /** Inserts the contract and its milestones; null when a contract for this proposal already exists. */
    async insertContract(c: NewContract): Promise<ContractRow | null> {
      const row = {
        id: crypto.randomUUID(), job_id: c.jobId, proposal_id: c.proposalId, job_title: c.jobTitle,
        client_id: c.clientId, freelancer_id: c.freelancerId,
      };
      const [created] = await sql<ContractRow[]>`insert into contracts ${sql(row)} on conflict (proposal_id) do nothing returning *`;
      if (!created) return null;
      const milestones = c.milestones.map((m, position) => ({
        id: crypto.randomUUID(), contract_id: created.id, position, description: m.description, amount: m.amount, due_date: m.dueDate,
      }));
      await sql`insert into milestones ${sql(milestones)}`;
      return created;
    },
    async findContract(id: string): Promise<ContractRow | null> {
      const [row] = await sql<ContractRow[]>`select * from contracts where id = ${id}`;
      return row ?? null;
    },
    async findContractByProposal(proposalId: string): Promise<ContractRow | null> {
      const [row] = await sql<ContractRow[]>`select * from contracts where proposal_id = ${proposalId}`;
      return row ?? null;
    },
    /** Row lock: every state change of a contract, its milestones or its requests takes this first. */
    async lockContract(id: string): Promise<ContractRow | null> {
      const [row] = await sql<ContractRow[]>`select * from contracts where id = ${id} for update`;
      return row ?? null;
    },
    async setContractStatus(id: string, status: ContractStatus): Promise<ContractRow> {
      const [row] = await sql<ContractRow[]>`update contracts set status = ${status}, updated_at = now() where id = ${id} returning *`;
      return row;
    },
    async listMilestones(contractId: string): Promise<MilestoneRow[]> {
      return sql<MilestoneRow[]>`select * from milestones where contract_id = ${contractId} order by position`;
    },
    async findMilestone(id: string): Promise<MilestoneRow | null> {
      const [row] = await sql<MilestoneRow[]>`select * from milestones where id = ${id}`;
      return row ?? null;
    },
    /** Call after lockContract (locks are always taken contract first, so they cannot deadlock). */
    async lockMilestone(id: string): Promise<MilestoneRow | null> {
      const [row] = await sql<MilestoneRow[]>`select * from milestones where id = ${id} for update`;
      return row ?? null;
    },
    async setMilestoneStatus(id: string, status: MilestoneStatus, paymentRequestId?: string | null): Promise<MilestoneRow> {
      const [row] = paymentRequestId === undefined
        ? await sql<MilestoneRow[]>`update milestones set status = ${status}, updated_at = now() where id = ${id} returning *`
        : await sql<MilestoneRow[]>`update milestones set status = ${status}, payment_request_id = ${paymentRequestId}, updated_at = now() where id = ${id} returning *`;
      return row;
    },
    async allMilestonesPaid(contractId: string): Promise<boolean> {
      const [row] = await sql<{ unpaid: number }[]>`select count(*)::int as unpaid from milestones where contract_id = ${contractId} and status <> 'PAID'`;
      return row.unpaid === 0;
    },
    async findTermination(id: string): Promise<TerminationRow | null> {
      const [row] = await sql<TerminationRow[]>`select * from termination_requests where id = ${id}`;
      return row ?? null;
    },
    async lockTermination(id: string): Promise<TerminationRow | null> {
      const [row] = await sql<TerminationRow[]>`select * from termination_requests where id = ${id} for update`;
      return row ?? null;
    },
    async pendingTerminations(contractId: string): Promise<TerminationRow[]> {
      return sql<TerminationRow[]>`select * from termination_requests where contract_id = ${contractId} and status = 'PENDING' order by created_at, id`;
    },
    async hasPendingTermination(contractId: string, requesterId: string): Promise<boolean> {
      const rows = await sql`select 1 from termination_requests where contract_id = ${contractId} and requester_id = ${requesterId} and status = 'PENDING'`;
      return rows.length > 0;
    },
    async insertTermination(contractId: string, requesterId: string, reason: string): Promise<TerminationRow> {
      const row = { id: crypto.randomUUID(), contract_id: contractId, requester_id: requesterId, reason };
      const [created] = await sql<TerminationRow[]>`insert into termination_requests ${sql(row)} returning *`;
      return created;
    },
    async setTerminationStatus(id: string, status: TerminationStatus): Promise<TerminationRow> {
      const [row] = await sql<TerminationRow[]>`update termination_requests set status = ${status}, handled_at = now() where id = ${id} returning *`;
      return row;
    },
    /** Rejects the contract's other pending requests (its termination answers them all). */
    async closePendingTerminations(contractId: string, exceptId: string): Promise<number> {
      const rows = await sql`update termination_requests set status = 'REJECTED', handled_at = now()
                             where contract_id = ${contractId} and status = 'PENDING' and id <> ${exceptId} returning id`;
      return rows.length;
    },
  };
}

export type ContractsStore = ReturnType<typeof contractsStore>;
