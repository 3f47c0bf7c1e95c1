// Cassandra rows <-> the rows the jobs commands see. Pure functions: decimals come back as the driver's
// BigDecimal, dates as LocalDate, empty lists as null.
import { decimalText } from "../../runtime/cassandra.ts";
import type { Attachment, JobRow, MilestoneRow, ProposalRow } from "../store.ts";

type Cells = Record<string, any>;

export function toJobRow(r: Cells): JobRow {
  return {
    id: String(r.id),
    client_id: r.client_id,
    title: r.title,
    description: r.description,
    location: r.location ?? null,
    budget: decimalText(r.budget),
    skills: r.skills ?? [],
    experience: r.experience,
    active: r.active === true,
    created_at: r.created_at,
    updated_at: r.updated_at,
    accepted_proposal_id: r.accepted_proposal_id ? String(r.accepted_proposal_id) : null,
    accepted_by_request: r.accepted_by_request ?? null,
  };
}

/** The cells of a job as its tables hold them. */
export const jobCells = (j: JobRow): Cells => ({
  id: j.id,
  client_id: j.client_id,
  title: j.title,
  description: j.description,
  location: j.location,
  budget: j.budget,
  skills: j.skills,
  experience: j.experience,
  active: j.active,
  created_at: j.created_at,
  updated_at: j.updated_at,
  accepted_proposal_id: j.accepted_proposal_id ?? null,
  accepted_by_request: j.accepted_by_request ?? null,
});

export function toProposalRow(r: Cells): ProposalRow {
  return {
    id: String(r.id),
    job_id: String(r.job_id),
    freelancer_id: r.freelancer_id,
    cover_letter: r.cover_letter,
    job_duration: r.job_duration,
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
    attachments: (r.attachments ?? []).map((a: Cells): Attachment => ({ name: a.name, url: a.url })),
    milestones: (r.milestones ?? []).map(
      (m: Cells): MilestoneRow => ({
        description: m.description,
        amount: decimalText(m.amount),
        dueDate: String(m.due_date),
      }),
    ),
  };
}

export const proposalCells = (p: ProposalRow): Cells => ({
  id: p.id,
  job_id: p.job_id,
  freelancer_id: p.freelancer_id,
  cover_letter: p.cover_letter,
  job_duration: p.job_duration,
  status: p.status,
  created_at: p.created_at,
  updated_at: p.updated_at,
  attachments: p.attachments.map((a) => ({ name: a.name, url: a.url })),
  milestones: milestoneCells(p.milestones),
});

export const milestoneCells = (milestones: MilestoneRow[]) =>
  milestones.map((m) => ({ description: m.description, amount: m.amount, due_date: m.dueDate }));
