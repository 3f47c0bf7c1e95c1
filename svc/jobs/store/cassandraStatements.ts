// The CQL the Cassandra jobs store runs: inserts built from the table definitions, conditions spelled out.
import { insertCql } from "../../runtime/cassandra.ts";
import type { ProposalChanges } from "../store.ts";
import { tables } from "./cassandraSchema.ts";
import { milestoneCells } from "./cassandraRows.ts";

export const cql = {
  insertJob: insertCql("jobs", tables.jobs, "if not exists"),
  jobById: "select * from jobs where id = ?",
  mirrorJob: insertCql("jobs_by_client", tables.jobs_by_client, "using timestamp ?"),
  jobsOfClient: "select * from jobs_by_client where client_id = ?",
  /** Accept once: only an active job is taken, and it records for which proposal and by which request. */
  deactivate:
    "update jobs set active = false, accepted_proposal_id = ?, accepted_by_request = ?, updated_at = ? " +
    "where id = ? if active = true",
  /** Undo of the same request's deactivation only. */
  reactivate:
    "update jobs set active = true, accepted_proposal_id = null, accepted_by_request = null, updated_at = ? " +
    "where id = ? if accepted_by_request = ?",
  claimSlot: insertCql("proposal_slots", tables.proposal_slots, "if not exists"),
  insertProposal: insertCql("proposals", tables.proposals, "if not exists"),
  proposalById: "select * from proposals where id = ?",
  mirrorByJob: insertCql("proposals_by_job", tables.proposals_by_job, "using timestamp ?"),
  mirrorByFreelancer: insertCql("proposals_by_freelancer", tables.proposals_by_freelancer, "using timestamp ?"),
  proposalsOfJob: "select * from proposals_by_job where job_id = ?",
  proposalsOfFreelancer: "select * from proposals_by_freelancer where freelancer_id = ?",
  setStatus: "update proposals set status = ?, updated_at = ? where id = ? if status = ?",
};

/** The edit of a pending proposal: only the fields given change, and only while it is still PENDING. */
export function proposalUpdate(id: string, changes: ProposalChanges, now: Date): { query: string; params: unknown[] } {
  const sets: string[] = [];
  const params: unknown[] = [];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (changes.coverLetter !== undefined) set("cover_letter", changes.coverLetter);
  if (changes.jobDuration !== undefined) set("job_duration", changes.jobDuration);
  if (changes.attachments !== undefined)
    set(
      "attachments",
      changes.attachments.map((a) => ({ name: a.name, url: a.url })),
    );
  if (changes.milestones !== undefined) set("milestones", milestoneCells(changes.milestones));
  set("updated_at", now);
  return {
    query: `update proposals set ${sets.join(", ")} where id = ? if status = 'PENDING'`,
    params: [...params, id],
  };
}
