// The jobs store on PostgreSQL (the default): jobs with a ranked full-text index, proposals and their milestones.
import type { Sql } from "postgres";
import type { JobRow, JobsStore, MilestoneRow, ProposalRow, SearchRow } from "../store.ts";
import { postgresError, translatingErrors } from "../../runtime/storeErrors.ts";

export const jobColumns = [
  "id",
  "client_id",
  "title",
  "description",
  "location",
  "budget",
  "skills",
  "experience",
  "active",
  "created_at",
  "updated_at",
  "accepted_proposal_id",
];

/** Ranked full-text search over the `jobs` table (also the search projection kept beside the Cassandra store). */
export function searchJobsIn(sql: Sql): JobsStore["searchJobs"] {
  return async (f, after, limit) => {
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
        ${
          after
            ? sql`and (${rank()}, created_at, id)
          < (${after.rank}::real, ${after.at}::timestamptz, ${after.id}::uuid)`
            : sql``
        }
      order by rank desc, created_at desc, id desc
      limit ${limit}`;
  };
}

// The request's transaction makes every write here happen once: the request ids are not needed.
export function jobsStore(sql: Sql): JobsStore {
  // A proposal with its milestones in order (amounts as decimal strings, due dates as YYYY-MM-DD).
  const proposalSelect = () => sql`
    select p.id, p.job_id, p.freelancer_id, p.cover_letter, p.job_duration, p.attachments, p.status,
      p.created_at, p.updated_at,
      coalesce((select json_agg(json_build_object('description', m.description, 'amount', m.amount::text,
                                                  'dueDate', to_char(m.due_date, 'YYYY-MM-DD')) order by m.position)
                from proposal_milestones m where m.proposal_id = p.id), '[]'::json) as milestones
    from proposals p`;

  const insertMilestones = async (proposalId: string, milestones: MilestoneRow[]) => {
    const rows = milestones.map((m, position) => ({
      proposal_id: proposalId,
      position,
      description: m.description,
      amount: m.amount,
      due_date: m.dueDate,
    }));
    await sql`insert into proposal_milestones ${sql(rows)}`;
  };

  return translatingErrors(
    {
      async insertJob(job) {
        const row = {
          id: crypto.randomUUID(),
          client_id: job.clientId,
          title: job.title,
          description: job.description,
          location: job.location,
          budget: job.budget,
          skills: sql.array(job.skills),
          experience: job.experience,
        };
        const [created] = await sql<JobRow[]>`insert into jobs ${sql(row)} returning ${sql(jobColumns)}`;
        return created;
      },

      async findJob(id) {
        const [row] = await sql<JobRow[]>`select ${sql(jobColumns)} from jobs where id = ${id}`;
        return row ?? null;
      },

      async lockJob(id, mode) {
        const lock = mode === "update" ? sql`for update` : sql`for share`;
        const [row] = await sql<JobRow[]>`select ${sql(jobColumns)} from jobs where id = ${id} ${lock}`;
        return row ?? null;
      },

      async jobsOfClient(clientId) {
        return sql<
          JobRow[]
        >`select ${sql(jobColumns)} from jobs where client_id = ${clientId} order by created_at desc, id desc`;
      },

      async deactivateJob(id, proposalId) {
        const rows = await sql`update jobs set active = false, accepted_proposal_id = ${proposalId}, updated_at = now()
                             where id = ${id} and (active or accepted_proposal_id = ${proposalId}) returning id`;
        return rows.length > 0;
      },

      async reactivateJob(id, proposalId) {
        await sql`update jobs set active = true, accepted_proposal_id = null, updated_at = now()
                where id = ${id} and not active and accepted_proposal_id = ${proposalId}`;
      },

      searchJobs: searchJobsIn(sql),

      async insertProposal(p) {
        // One statement (one round trip): the job's share lock, the proposal, its milestones, and the row as
        // proposalSelect shows it (from what was stored); always one row, saying whether the job was there.
        const milestones = p.milestones.map((m, position) => ({
          position,
          description: m.description,
          amount: m.amount,
          due_date: m.dueDate,
        }));
        const [row] = await sql<Array<ProposalRow & { job_active: boolean | null }>>`
        with job as (
          select id, active from jobs where id = ${p.jobId}::uuid for share
        ), p as (
          insert into proposals (id, job_id, freelancer_id, cover_letter, job_duration, attachments)
          select ${crypto.randomUUID()}::uuid, job.id, ${p.freelancerId}::text, ${p.coverLetter}::text,
                 ${p.jobDuration}::text, ${sql.json(p.attachments as never)}::jsonb
          from job where job.active
          on conflict (job_id, freelancer_id) do nothing
          returning id, job_id, freelancer_id, cover_letter, job_duration, attachments, status, created_at, updated_at
        ), m as (
          insert into proposal_milestones (proposal_id, position, description, amount, due_date)
          select p.id, x.position, x.description, x.amount, x.due_date
          from p, jsonb_to_recordset(${sql.json(milestones as never)}) as
            x(position int, description text, amount numeric, due_date date)
          returning position, description, amount, due_date
        )
        select (select active from job) as job_active, p.*,
               coalesce((select json_agg(json_build_object('description', m.description, 'amount', m.amount::text,
                                                           'dueDate', to_char(m.due_date, 'YYYY-MM-DD'))
                                         order by m.position)
                         from m), '[]'::json) as milestones
        from (values (1)) as one (x) left join p on true`;
        const { job_active, ...proposal } = row;
        if (job_active === null) return { refused: "no job" };
        if (!job_active) return { refused: "inactive job" };
        return proposal.id ? { proposal } : { refused: "duplicate" };
      },

      async findProposal(id) {
        const [row] = await sql<ProposalRow[]>`${proposalSelect()} where p.id = ${id}`;
        return row ?? null;
      },

      async lockProposal(id) {
        const [row] = await sql<ProposalRow[]>`${proposalSelect()} where p.id = ${id} for update of p`;
        return row ?? null;
      },

      async proposalsOfJob(jobId) {
        return sql<ProposalRow[]>`${proposalSelect()} where p.job_id = ${jobId} order by p.created_at, p.id`;
      },

      async proposalsOfFreelancer(freelancerId) {
        return sql<
          ProposalRow[]
        >`${proposalSelect()} where p.freelancer_id = ${freelancerId} order by p.created_at desc, p.id desc`;
      },

      async updateProposal(id, changes) {
        const updated = await sql`update proposals set
                  cover_letter = coalesce(${changes.coverLetter ?? null}::text, cover_letter),
                  job_duration = coalesce(${changes.jobDuration ?? null}::text, job_duration),
                  attachments = ${
                    changes.attachments === undefined ? sql`attachments` : sql.json(changes.attachments as never)
                  },
                  updated_at = now()
                where id = ${id} and status = 'PENDING' returning id`;
        if (!updated.length) return null;
        if (changes.milestones) {
          await sql`delete from proposal_milestones where proposal_id = ${id}`;
          await insertMilestones(id, changes.milestones);
        }
        return this.findProposal(id);
      },

      async setProposalStatus(id, status) {
        await sql`update proposals set status = ${status}, updated_at = now() where id = ${id}`;
      },

      async rejectOtherPending(jobId, acceptedId) {
        const rows = await sql`update proposals set status = 'REJECTED', updated_at = now()
                             where job_id = ${jobId} and status = 'PENDING' and id <> ${acceptedId} returning id`;
        return rows.length;
      },
    },
    postgresError,
  );
}
