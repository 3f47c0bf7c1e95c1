// The jobs store on Cassandra (JOBS_STORE=cassandra), the seed's choice, tables in cassandraSchema.ts.
// Where PostgreSQL takes a row lock, this store writes with a condition (lightweight transaction): a job is created
// once and taken by one accept, a freelancer claims one proposal slot per job, a proposal changes only while PENDING.
//
// Search: the seed's SASI substring index is gone. Jobs are also written to the service's PostgreSQL `jobs` table
// (in the request's transaction) and searched there with the same ranked full-text query as the PostgreSQL store,
// so ranking, filters and the pagingState contract are the same whichever store holds the jobs.
import type { Sql } from "postgres";
import {
  allRows,
  byCreation,
  cassandraError,
  conditional,
  micros,
  oneRow,
  openCassandraOrExplain,
  valuesOf,
  type CassandraClient,
  type CassandraSettings,
} from "../../runtime/cassandra.ts";
import { conflict } from "../../runtime/errors.ts";
import type { ExternalStore } from "../../runtime/externalStore.ts";
import { derivedId } from "../../runtime/derivedId.ts";
import { translatingErrors } from "../../runtime/storeErrors.ts";
import type { Logger } from "../../runtime/log.ts";
import type { JobRow, JobsStore, ProposalRow } from "../store.ts";
import { jobsDdl, tables } from "./cassandraSchema.ts";
import { jobCells, proposalCells, toJobRow, toProposalRow } from "./cassandraRows.ts";
import { cql, proposalUpdate } from "./cassandraStatements.ts";
import { searchJobsIn } from "./postgres.ts";

export async function openCassandraJobsStore(
  settings: CassandraSettings,
  log: Logger,
): Promise<ExternalStore<JobsStore>> {
  const client = await openCassandraOrExplain(settings, jobsDdl, log);
  return {
    kind: "cassandra",
    bind: (sql, requestId) => translatingErrors(cassandraJobsStore(client, sql, requestId), cassandraError),
    close: () => client.shutdown(),
  };
}

/** The search projection: the PostgreSQL `jobs` table, written in the request's transaction. */
function searchProjection(sql: Sql) {
  return {
    async insert(j: JobRow) {
      const row = {
        id: j.id,
        client_id: j.client_id,
        title: j.title,
        description: j.description,
        location: j.location,
        budget: j.budget,
        skills: sql.array(j.skills),
        experience: j.experience,
        active: j.active,
        created_at: j.created_at,
        updated_at: j.updated_at,
      };
      await sql`insert into jobs ${sql(row)} on conflict (id) do nothing`;
    },
    async setActive(id: string, active: boolean, at: Date) {
      await sql`update jobs set active = ${active}, updated_at = ${at} where id = ${id}`;
    },
  };
}

/** The store of one request: its writes are idempotent by `requestId` (Cassandra is outside its transaction). */
export function cassandraJobsStore(client: CassandraClient, sql: Sql, requestId: string): JobsStore {
  const run = (query: string, params: unknown[]) => client.execute(query, params, { prepare: true });
  const projection = searchProjection(sql);

  const findJob = async (id: string) => {
    const row = await oneRow(client, cql.jobById, [id]);
    return row && toJobRow(row);
  };
  const findProposal = async (id: string) => {
    const row = await oneRow(client, cql.proposalById, [id]);
    return row && toProposalRow(row);
  };
  // The copies follow the row at its id; `using timestamp` makes the latest state win whatever order they land in.
  const mirrorJob = (j: JobRow) =>
    run(cql.mirrorJob, [...valuesOf(tables.jobs_by_client, jobCells(j)), micros(j.updated_at)]);
  const mirrorProposal = (p: ProposalRow) => {
    const cells = proposalCells(p);
    return client.batch(
      [
        { query: cql.mirrorByJob, params: [...valuesOf(tables.proposals_by_job, cells), micros(p.updated_at)] },
        {
          query: cql.mirrorByFreelancer,
          params: [...valuesOf(tables.proposals_by_freelancer, cells), micros(p.updated_at)],
        },
      ],
      { prepare: true, logged: true },
    );
  };
  const remirror = async (id: string) => {
    const current = await findProposal(id);
    if (current) await mirrorProposal(current);
    return current;
  };

  return {
    async insertJob(job) {
      const now = new Date();
      const row: JobRow = {
        id: derivedId("job", requestId),
        client_id: job.clientId,
        title: job.title,
        description: job.description,
        location: job.location,
        budget: job.budget,
        skills: job.skills,
        experience: job.experience,
        active: true,
        created_at: now,
        updated_at: now,
        accepted_by_request: null,
      };
      const inserted = await conditional(client, cql.insertJob, valuesOf(tables.jobs, jobCells(row)));
      // Not applied: a redelivery, and the job is the one its first attempt made.
      const created = inserted.applied ? row : toJobRow(inserted.current!);
      await mirrorJob(created);
      await projection.insert(created);
      return created;
    },

    findJob,
    lockJob: (id) => findJob(id),

    async jobsOfClient(clientId) {
      return byCreation((await allRows(client, cql.jobsOfClient, [clientId])).map(toJobRow), "desc");
    },

    async deactivateJob(id, proposalId) {
      const { applied } = await conditional(client, cql.deactivate, [proposalId, requestId, new Date(), id]);
      const job = await findJob(id);
      const takenBefore = job?.accepted_proposal_id === proposalId || job?.accepted_by_request === requestId;
      if (!job || (!applied && !takenBefore)) return false;
      await mirrorJob(job);
      await projection.setActive(id, false, job.updated_at);
      return true;
    },

    async reactivateJob(id) {
      const { applied } = await conditional(client, cql.reactivate, [new Date(), id, requestId]);
      const job = applied ? await findJob(id) : null;
      if (job) await mirrorJob(job); // the projection's change goes with the failed request's rollback
    },

    searchJobs: searchJobsIn(sql),

    async insertProposal(p) {
      const job = await findJob(p.jobId);
      if (!job) return { refused: "no job" };
      if (!job.active) return { refused: "inactive job" };
      const id = derivedId("proposal", requestId);
      const slot = await conditional(
        client,
        cql.claimSlot,
        valuesOf(tables.proposal_slots, {
          job_id: p.jobId,
          freelancer_id: p.freelancerId,
          proposal_id: id,
          request_id: requestId,
        }),
      );
      if (!slot.applied && slot.current?.get("request_id") !== requestId) return { refused: "duplicate" };
      const now = new Date();
      const row: ProposalRow = {
        id,
        job_id: p.jobId,
        freelancer_id: p.freelancerId,
        cover_letter: p.coverLetter,
        job_duration: p.jobDuration,
        attachments: p.attachments,
        milestones: p.milestones,
        status: "PENDING",
        created_at: now,
        updated_at: now,
      };
      const inserted = await conditional(client, cql.insertProposal, valuesOf(tables.proposals, proposalCells(row)));
      const created = inserted.applied ? row : toProposalRow(inserted.current!);
      await mirrorProposal(created);
      return { proposal: created };
    },

    findProposal,
    lockProposal: (id) => findProposal(id),

    async proposalsOfJob(jobId) {
      return byCreation((await allRows(client, cql.proposalsOfJob, [jobId])).map(toProposalRow), "asc");
    },

    async proposalsOfFreelancer(freelancerId) {
      return byCreation((await allRows(client, cql.proposalsOfFreelancer, [freelancerId])).map(toProposalRow), "desc");
    },

    async updateProposal(id, changes) {
      const { query, params } = proposalUpdate(id, changes, new Date());
      if (!(await conditional(client, query, params)).applied) return null;
      return remirror(id);
    },

    async setProposalStatus(id, status) {
      const before = await findProposal(id);
      if (!before) return;
      if (before.status !== status) {
        const { applied } = await conditional(client, cql.setStatus, [status, new Date(), id, before.status]);
        if (!applied && (await findProposal(id))?.status !== status)
          throw conflict("The proposal changed meanwhile; try again");
      }
      await remirror(id); // also repairs the copies when a redelivery finds the status already set
    },

    async rejectOtherPending(jobId, acceptedId) {
      let rejected = 0;
      for (const row of await allRows(client, cql.proposalsOfJob, [jobId])) {
        const id = String(row.get("id"));
        if (id === acceptedId || row.get("status") !== "PENDING") continue;
        if ((await conditional(client, cql.setStatus, ["REJECTED", new Date(), id, "PENDING"])).applied) rejected++;
        await remirror(id);
      }
      return rejected;
    },
  };
}
