// Cassandra rows -> the rows the contracts commands see. Pure functions: uuids come back as the driver's Uuid,
// decimals as BigDecimal, dates as LocalDate.
import { decimalText } from "../../runtime/cassandra.ts";
import type { ContractRow, MilestoneRow, TerminationRow } from "../store.ts";

type Cells = Record<string, any>;
const optional = (v: unknown) => (v === null || v === undefined ? null : String(v));

export const toContractRow = (r: Cells): ContractRow => ({
  id: String(r.id),
  job_id: String(r.job_id),
  proposal_id: String(r.proposal_id),
  job_title: r.job_title,
  client_id: r.client_id,
  freelancer_id: r.freelancer_id,
  status: r.status,
  created_at: r.created_at,
  updated_at: r.updated_at,
  changed_by_request: r.changed_by_request ?? null,
  previous_status: r.previous_status ?? null,
});

/** A `date` as the Date PostgreSQL gives for one: UTC midnight of that day. */
export const dayAsDate = (day: unknown) => new Date(`${String(day)}T00:00:00.000Z`);

export const toMilestoneRow = (r: Cells): MilestoneRow => ({
  id: String(r.id),
  contract_id: String(r.contract_id),
  position: Number(r.position),
  description: r.description,
  amount: decimalText(r.amount),
  due_date: dayAsDate(r.due_date),
  status: r.status,
  payment_request_id: optional(r.payment_request_id),
  created_at: r.created_at,
  updated_at: r.updated_at,
  changed_by_request: r.changed_by_request ?? null,
  previous_status: r.previous_status ?? null,
});

export const toTerminationRow = (r: Cells): TerminationRow => ({
  id: String(r.id),
  contract_id: String(r.contract_id),
  requester_id: r.requester_id,
  reason: r.reason,
  status: r.status,
  created_at: r.created_at,
  handled_at: r.handled_at ?? null,
  changed_by_request: r.changed_by_request ?? null,
  previous_status: r.previous_status ?? null,
});
