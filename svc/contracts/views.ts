// What the contracts API answers: camelCase, amounts as JSON numbers, due dates as YYYY-MM-DD.
import { decimalToNumber } from "../runtime/money.ts";
import type { ContractRow, MilestoneRow, TerminationRow } from "./store.ts";

/** postgres.js reads a `date` column as UTC midnight, so the ISO day is the stored day. */
const day = (d: Date) => d.toISOString().slice(0, 10);

export const milestoneView = (m: MilestoneRow) => ({
  id: m.id,
  contractId: m.contract_id,
  description: m.description,
  amount: decimalToNumber(m.amount),
  dueDate: day(m.due_date),
  status: m.status,
  createdAt: m.created_at,
  updatedAt: m.updated_at,
});
export type MilestoneView = ReturnType<typeof milestoneView>;

export const contractView = (c: ContractRow, milestones: MilestoneRow[]) => ({
  id: c.id,
  jobId: c.job_id,
  proposalId: c.proposal_id,
  jobTitle: c.job_title,
  clientId: c.client_id,
  freelancerId: c.freelancer_id,
  status: c.status,
  milestones: milestones.map(milestoneView),
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});
export type ContractView = ReturnType<typeof contractView>;

export const terminationView = (r: TerminationRow) => ({
  id: r.id,
  contractId: r.contract_id,
  requesterId: r.requester_id,
  reason: r.reason,
  status: r.status,
  createdAt: r.created_at,
});
