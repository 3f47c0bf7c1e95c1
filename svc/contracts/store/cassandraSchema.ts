// The contracts keyspace: one table per access path (the seed's Cassandra model, without ALLOW FILTERING).
//   contracts              by id; created once (IF NOT EXISTS, id derived from the proposal id), status changes
// conditional
//   milestones             a contract's milestones in one partition, in order; created in one conditional batch,
//                          every status change conditional on the status read (the milestone state machine)
//   milestones_by_id       milestone id -> (contract, position), written once
//   termination_requests   a contract's requests in one partition; handled conditionally (PENDING -> …)
//   terminations_by_id     request id -> contract, written once
//   pending_terminations   one row per (contract, requester) while a request is PENDING, claimed with IF NOT EXISTS
import { tableDdl, type CqlTable } from "../../runtime/cassandra.ts";

export const tables = {
  contracts: {
    columns: {
      id: "uuid",
      job_id: "uuid",
      proposal_id: "uuid",
      job_title: "text",
      client_id: "text",
      freelancer_id: "text",
      status: "text",
      changed_by_request: "text",
      previous_status: "text",
      created_at: "timestamp",
      updated_at: "timestamp",
    },
    primaryKey: "(id)",
  },
  milestones: {
    columns: {
      contract_id: "uuid",
      position: "int",
      id: "uuid",
      description: "text",
      amount: "decimal",
      due_date: "date",
      status: "text",
      payment_request_id: "uuid",
      changed_by_request: "text",
      previous_status: "text",
      created_at: "timestamp",
      updated_at: "timestamp",
    },
    primaryKey: "((contract_id), position)",
    clusteringOrder: "position asc",
  },
  milestones_by_id: {
    columns: { id: "uuid", contract_id: "uuid", position: "int" },
    primaryKey: "(id)",
  },
  termination_requests: {
    columns: {
      contract_id: "uuid",
      id: "uuid",
      requester_id: "text",
      reason: "text",
      status: "text",
      changed_by_request: "text",
      previous_status: "text",
      created_at: "timestamp",
      handled_at: "timestamp",
    },
    primaryKey: "((contract_id), id)",
  },
  terminations_by_id: {
    columns: { id: "uuid", contract_id: "uuid" },
    primaryKey: "(id)",
  },
  pending_terminations: {
    columns: {
      contract_id: "uuid",
      requester_id: "text",
      request_id: "uuid",
      made_by_request: "text",
      claimed_at: "timestamp",
    },
    primaryKey: "((contract_id), requester_id)",
  },
} satisfies Record<string, CqlTable>;

export const contractsDdl = (keyspace: string): string[] =>
  Object.entries(tables).map(([name, t]) => tableDdl(keyspace, name, t));
