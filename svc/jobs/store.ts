// The jobs service's storage (PostgreSQL). Row shapes stay here; commands see plain objects.
// Amounts are NUMERIC in SQL and decimal strings ("500.00") here; the views turn them into JSON numbers.
import type { Sql } from "postgres";
import type { Experience, JobDuration } from "./schemas.ts";

export type ProposalStatus = "PENDING" | "ACCEPTED" | "REJECTED";

export interface JobRow {
  id: string; client_id: string; title: string; description: string; location: string | null;
  budget: string; skills: string[]; experience: Experience; active: boolean; created_at: Date; updated_at: Date;
}

export interface MilestoneRow { description: string; amount: string; dueDate: string }
export interface Attachment { name: string; url: string }

export interface ProposalRow {
  id: string; job_id: string; freelancer_id: string; cover_letter: string; job_duration: JobDuration;
  attachments: Attachment[]; status: ProposalStatus; created_at: Date; updated_at: Date; milestones: MilestoneRow[];
}

export interface NewJob {
  clientId: string; title: string; description: string; location: string | null;
  budget: string; skills: string[]; experience: Experience;
}

export interface NewProposal {
  jobId: string; freelancerId: string; coverLetter: string; jobDuration: JobDuration;
  attachments: Attachment[]; milestones: MilestoneRow[];
}

export interface ProposalChanges {
  coverLetter?: string; jobDuration?: JobDuration; attachments?: Attachment[]; milestones?: MilestoneRow[];
}

export interface SearchFilter {
  query: string; skills: string[]; experience?: Experience; minBudget?: string; maxBudget?: string;
}

/** Where the previous page ended: rank, creation time (microseconds, UTC ISO) and id of its last job. */
export interface SearchCursor { rank: number; at: string; id: string }
export type SearchRow = JobRow & { rank: number; cursor_at: string };

const jobColumns = ["id", "client_id", "title", "description", "location", "budget", "skills", "experience", "active", "created_at", "updated_at"];

export function jobsStore(sql: Sql) {
  // A proposal with its milestones in order (amounts as decimal strings, due dates as YYYY-MM-DD).
  const proposalSelect = () => sql`
    select p.id, p.job_id, p.freelancer_id, p.cover_letter, p.job_duration, p.attachments, p.status, p.created_at, p.updated_at,
      coalesce((select json_agg(json_build_object('description', m.description, 'amount', m.amount::text,
                                                  'dueDate', to_char(m.due_date, 'YYYY-MM-DD')) order by m.position)
                from proposal_milestones m where m.proposal_id = p.id), '[]'::json) as milestones
    from proposals p`;

  const insertMilestones = async (proposalId: string, milestones: MilestoneRow[]) => {
    const rows = milestones.map((m, position) => ({ proposal_id: proposalId, position, description: m.description, amount: m.amount, due_date: m.dueDate }));
    await sql`insert into proposal_milestones ${sql(rows)}`;
  };

  return {
    async insertJob(job: NewJob): Promise<JobRow> {
      const row = {
        id: crypto.randomUUID(), client_id: job.clientId, title: job.title, description: job.description,
        location: job.location, budget: job.budget, skills: sql.array(job.skills), experience: job.experience,
      };
      const [created] = await sql<JobRow[]>`insert into jobs ${sql(row)} returning ${sql(jobColumns)}`;
      return created;
    },

    async findJob(id: string): Promise<JobRow | null> {
      const [row] = await sql<JobRow[]>`select ${sql(jobColumns)} from jobs where id = ${id}`;
      return row ?? null;
    },

    /** The job, row-locked until the transaction ends: `update` to change it, `share` to rely on it staying as read. */
    async lockJob(id: string, mode: "update" | "share"): Promise<JobRow | null> {
      const lock = mode === "update" ? sql`for update` : sql`for share`;
      const [row] = await sql<JobRow[]>`select ${sql(jobColumns)} from jobs where id = ${id} ${lock}`;
      return row ?? null;
    },

    async jobsOfClient(clientId: string): Promise<JobRow[]> {
      return sql<JobRow[]>`select ${sql(jobColumns)} from jobs where client_id = ${clientId} order by created_at desc, id desc`;
    },

    async deactivateJob(id: string): Promise<void> {
      await sql`update jobs set active = false, updated_at = now() where id = ${id}`;
    },

    /** Active jobs matching the filter, best rank first (newest first when there is no query); `limit` rows after `after`. */
    async searchJobs(f: SearchFilter, after: SearchCursor | null, limit: number): Promise<SearchRow[]> {
      const tsquery = () => sql`websearch_to_tsquery('english', ${f.query})`;
      const rank = () => (f.query ? sql`ts_rank(search, ${tsquery()})` : sql`0::real`);
      return sql<SearchRow[]>`
        select ${sql(jobColumns)}, ${rank()} as rank,
               to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
        from jobs
        where active
          ${f.query ? sql`and search @@ ${tsquery()}` : sql``}
          ${f.skills.length ? sql`and skill_keys @> ${sql.array(f.skills)}::text[]` : sql``}
          ${f.experience ? sql`and experience = ${f.experience}` : sql``}
          ${f.minBudget ? sql`and budget >= ${f.minBudget}::numeric` : sql``}
          ${f.maxBudget ? sql`and budget <= ${f.maxBudget}::numeric` : sql``}
          ${after ? sql`and (${rank()}, created_at, id) < (${after.rank}::real, ${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
        order by rank desc, created_at desc, id desc
        limit ${limit}`;
    },

    /** The new proposal, or null when this freelancer already has one on this job. */
    async insertProposal(p: NewProposal): Promise<ProposalRow | null> {
      const id = crypto.randomUUID();
      const inserted = await sql`
        insert into proposals (id, job_id, freelancer_id, cover_letter, job_duration, attachments)
        values (${id}, ${p.jobId}, ${p.freelancerId}, ${p.coverLetter}, ${p.jobDuration}, ${sql.json(p.attachments as never)})
        on conflict (job_id, freelancer_id) do nothing returning id`;
      if (!inserted.length) return null;
      await insertMilestones(id, p.milestones);
      return this.findProposal(id);
    },

    async findProposal(id: string): Promise<ProposalRow | null> {
      const [row] = await sql<ProposalRow[]>`${proposalSelect()} where p.id = ${id}`;
      return row ?? null;
    },

    /** The proposal, row-locked until the transaction ends. */
    async lockProposal(id: string): Promise<ProposalRow | null> {
      const [row] = await sql<ProposalRow[]>`${proposalSelect()} where p.id = ${id} for update of p`;
      return row ?? null;
    },

    async proposalsOfJob(jobId: string): Promise<ProposalRow[]> {
      return sql<ProposalRow[]>`${proposalSelect()} where p.job_id = ${jobId} order by p.created_at, p.id`;
    },

    async proposalsOfFreelancer(freelancerId: string): Promise<ProposalRow[]> {
      return sql<ProposalRow[]>`${proposalSelect()} where p.freelancer_id = ${freelancerId} order by p.created_at desc, p.id desc`;
    },

    async updateProposal(id: string, changes: ProposalChanges): Promise<ProposalRow | null> {
      await sql`update proposals set
                  cover_letter = coalesce(${changes.coverLetter ?? null}::text, cover_letter),
                  job_duration = coalesce(${changes.jobDuration ?? null}::text, job_duration),
                  attachments = ${changes.attachments === undefined ? sql`attachments` : sql.json(changes.attachments as never)},
                  updated_at = now()
                where id = ${id}`;
      if (changes.milestones) {
        await sql`delete from proposal_milestones where proposal_id = ${id}`;
        await insertMilestones(id, changes.milestones);
      }
      return this.findProposal(id);
    },

    async setProposalStatus(id: string, status: ProposalStatus): Promise<void> {
      await sql`update proposals set status = ${status}, updated_at = now() where id = ${id}`;
    },

    /** Rejects every other pending proposal of the job; how many were rejected. */
    async rejectOtherPending(jobId: string, acceptedId: string): Promise<number> {
      const rows = await sql`update proposals set status = 'REJECTED', updated_at = now()
                             where job_id = ${jobId} and status = 'PENDING' and id <> ${acceptedId} returning id`;
      return rows.length;
    },
  };
}

export type JobsStore = ReturnType<typeof jobsStore>;
