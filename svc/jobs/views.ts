// What the jobs API answers: camelCase resources, amounts as JSON numbers, times as ISO strings.
import { decimalToNumber } from "../runtime/money.ts";
import type { JobRow, ProposalRow } from "./store.ts";

export const jobView = (j: JobRow) => ({
  id: j.id,
  title: j.title,
  description: j.description,
  location: j.location,
  budget: decimalToNumber(j.budget),
  skills: j.skills,
  experience: j.experience,
  clientId: j.client_id,
  active: j.active,
  createdAt: j.created_at.toISOString(),
  updatedAt: j.updated_at.toISOString(),
});
export type JobView = ReturnType<typeof jobView>;

export const proposalView = (p: ProposalRow) => ({
  id: p.id,
  jobId: p.job_id,
  freelancerId: p.freelancer_id,
  coverLetter: p.cover_letter,
  jobDuration: p.job_duration,
  attachments: p.attachments,
  milestones: p.milestones.map((m) => ({
    description: m.description,
    amount: decimalToNumber(m.amount),
    dueDate: m.dueDate,
  })),
  status: p.status,
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
});
export type ProposalView = ReturnType<typeof proposalView>;
