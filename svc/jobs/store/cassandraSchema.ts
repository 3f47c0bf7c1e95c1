// The jobs keyspace: one table per access path (the seed's Cassandra model, without its SASI index).
//   jobs                      by id; every write to it is a lightweight transaction (create once, accept once)
//   jobs_by_client            a client's jobs, newest first (getMyJobs)
//   proposals                 by id; status and edits change only through lightweight transactions
//   proposals_by_job          a job's proposals, oldest first (getProposalsByJob, rejecting the others on accept)
//   proposals_by_freelancer   a freelancer's proposals, newest first (getMyProposals)
//   proposal_slots            one row per (job, freelancer), claimed with IF NOT EXISTS: one proposal per freelancer
// per job
// The by_* tables are copies of the row at its id, written after it with `using timestamp <updated_at>`, so the
// latest state wins. Search is not here: the service's PostgreSQL keeps a search projection (see store/cassandra.ts).
import { tableDdl, typeDdl, type CqlTable } from "../../runtime/cassandra.ts";

export const udts = {
  proposal_milestone: { description: "text", amount: "decimal", due_date: "date" },
  attachment: { name: "text", url: "text" },
};

const jobData = {
  title: "text",
  description: "text",
  location: "text",
  budget: "decimal",
  skills: "list<text>",
  experience: "text",
  active: "boolean",
  updated_at: "timestamp",
};
const proposalData = {
  cover_letter: "text",
  job_duration: "text",
  attachments: "list<frozen<attachment>>",
  milestones: "list<frozen<proposal_milestone>>",
  status: "text",
  updated_at: "timestamp",
};

export const tables = {
  jobs: {
    columns: {
      id: "uuid",
      client_id: "text",
      created_at: "timestamp",
      ...jobData,
      accepted_proposal_id: "uuid",
      accepted_by_request: "text",
    },
    primaryKey: "(id)",
  },
  jobs_by_client: {
    columns: { client_id: "text", created_at: "timestamp", id: "uuid", ...jobData },
    primaryKey: "((client_id), created_at, id)",
    clusteringOrder: "created_at desc, id desc",
  },
  proposals: {
    columns: { id: "uuid", job_id: "uuid", freelancer_id: "text", created_at: "timestamp", ...proposalData },
    primaryKey: "(id)",
  },
  proposals_by_job: {
    columns: { job_id: "uuid", created_at: "timestamp", id: "uuid", freelancer_id: "text", ...proposalData },
    primaryKey: "((job_id), created_at, id)",
    clusteringOrder: "created_at asc, id asc",
  },
  proposals_by_freelancer: {
    columns: { freelancer_id: "text", created_at: "timestamp", id: "uuid", job_id: "uuid", ...proposalData },
    primaryKey: "((freelancer_id), created_at, id)",
    clusteringOrder: "created_at desc, id desc",
  },
  proposal_slots: {
    columns: { job_id: "uuid", freelancer_id: "text", proposal_id: "uuid", request_id: "text" },
    primaryKey: "((job_id), freelancer_id)",
  },
} satisfies Record<string, CqlTable>;

export const jobsDdl = (keyspace: string): string[] => [
  ...Object.entries(udts).map(([name, fields]) => typeDdl(keyspace, name, fields)),
  ...Object.entries(tables).map(([name, t]) => tableDdl(keyspace, name, t)),
];
