// The jobs service's storage as the commands see it: the JobsStore interface and plain row shapes. Amounts are
// decimal strings ("500.00") here; the views turn them into JSON numbers.
// Implementations: store/postgres.ts (default) and store/cassandra.ts (JOBS_STORE=cassandra); store/select.ts picks
// one.
import type { Experience, JobDuration } from "./schemas.ts";

export type ProposalStatus = "PENDING" | "ACCEPTED" | "REJECTED";

export interface JobRow {
  id: string;
  client_id: string;
  title: string;
  description: string;
  location: string | null;
  budget: string;
  skills: string[];
  experience: Experience;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  /** The proposal the job was taken for (deactivateJob); its acceptance may not have completed yet. */
  accepted_proposal_id?: string | null;
  /** Stores outside the request's transaction only: the request that deactivated the job (a redelivery resumes it). */
  accepted_by_request?: string | null;
}

export interface MilestoneRow {
  description: string;
  amount: string;
  dueDate: string;
}
export interface Attachment {
  name: string;
  url: string;
}

export interface ProposalRow {
  id: string;
  job_id: string;
  freelancer_id: string;
  cover_letter: string;
  job_duration: JobDuration;
  attachments: Attachment[];
  status: ProposalStatus;
  created_at: Date;
  updated_at: Date;
  milestones: MilestoneRow[];
}

export interface NewJob {
  clientId: string;
  title: string;
  description: string;
  location: string | null;
  budget: string;
  skills: string[];
  experience: Experience;
}

export interface NewProposal {
  jobId: string;
  freelancerId: string;
  coverLetter: string;
  jobDuration: JobDuration;
  attachments: Attachment[];
  milestones: MilestoneRow[];
}

export type ProposalInsert = { proposal: ProposalRow } | { refused: "no job" | "inactive job" | "duplicate" };

export interface ProposalChanges {
  coverLetter?: string;
  jobDuration?: JobDuration;
  attachments?: Attachment[];
  milestones?: MilestoneRow[];
}

export interface SearchFilter {
  query: string;
  skills: string[];
  experience?: Experience;
  minBudget?: string;
  maxBudget?: string;
}

/** Where the previous page ended: rank, creation time (microseconds, UTC ISO) and id of its last job. */
export interface SearchCursor {
  rank: number;
  at: string;
  id: string;
}
export type SearchRow = JobRow & { rank: number; cursor_at: string };

/**
 * What the commands call. "Lock" reads hold a row lock until the transaction ends in PostgreSQL; a store without
 * transactions reads plainly and its writes carry the conditions instead (lightweight transactions in Cassandra).
 * A store is bound to one request (ServiceDefinition.store): a redelivered request's writes find their first
 * attempt's results instead of being made twice.
 */
export interface JobsStore {
  /** The new job; a request that already created it (redelivered) gets that job again. */
  insertJob(job: NewJob): Promise<JobRow>;
  findJob(id: string): Promise<JobRow | null>;
  /** The job, locked until the transaction ends (`update` to change it, `share` to rely on it staying as read). */
  lockJob(id: string, mode: "update" | "share"): Promise<JobRow | null>;
  /** Every job of the client, inactive ones included, newest first. */
  jobsOfClient(clientId: string): Promise<JobRow[]>;
  /**
   * Accept once: takes the job (inactive) for this proposal. False when it was no longer active, unless it was taken
   * for this same proposal before (an acceptance that has not completed: a redelivery, or the client's retry).
   */
  deactivateJob(id: string, proposalId: string): Promise<boolean>;
  /** Undoes deactivateJob when the contract could not be made: the job is active again. */
  reactivateJob(id: string, proposalId: string): Promise<void>;
  /**
   * Active jobs matching the filter, best rank first (newest first when there is no query); `limit` rows after `after`.
   */
  searchJobs(f: SearchFilter, after: SearchCursor | null, limit: number): Promise<SearchRow[]>;
  /**
   * The new proposal when the job exists and is active (and stays so until the transaction ends: an acceptance
   * running now finishes first) and this freelancer has none on it yet (one per freelancer per job); else why not.
   */
  insertProposal(p: NewProposal): Promise<ProposalInsert>;
  findProposal(id: string): Promise<ProposalRow | null>;
  /** The proposal, locked until the transaction ends. */
  lockProposal(id: string): Promise<ProposalRow | null>;
  /** The job's proposals, oldest first. */
  proposalsOfJob(jobId: string): Promise<ProposalRow[]>;
  /** The freelancer's proposals, newest first. */
  proposalsOfFreelancer(freelancerId: string): Promise<ProposalRow[]>;
  /** The changed proposal; null when it does not exist or is no longer pending. */
  updateProposal(id: string, changes: ProposalChanges): Promise<ProposalRow | null>;
  setProposalStatus(id: string, status: ProposalStatus): Promise<void>;
  /** Rejects every other pending proposal of the job; how many were rejected. */
  rejectOtherPending(jobId: string, acceptedId: string): Promise<number>;
}
