// The CQL the Cassandra contracts store runs: inserts built from the table definitions, conditions spelled out.
import { insertCql } from "../../runtime/cassandra.ts";
import { tables } from "./cassandraSchema.ts";

export const cql = {
  insertContract: insertCql("contracts", tables.contracts, "if not exists"),
  contractById: "select * from contracts where id = ?",
  setContractStatus:
    "update contracts set status = ?, changed_by_request = ?, previous_status = ?, updated_at = ?" +
    " where id = ? if status = ?",

  insertMilestone: insertCql("milestones", tables.milestones, "if not exists"),
  insertMilestoneId: insertCql("milestones_by_id", tables.milestones_by_id),
  milestoneById: "select contract_id, position from milestones_by_id where id = ?",
  milestoneAt: "select * from milestones where contract_id = ? and position = ?",
  milestonesOf: "select * from milestones where contract_id = ?",
  setMilestoneStatus:
    "update milestones set status = ?, changed_by_request = ?, previous_status = ?, updated_at = ?" +
    " where contract_id = ? and position = ? if status = ?",
  setMilestonePaid:
    "update milestones set status = ?, changed_by_request = ?, previous_status = ?, updated_at = ?," +
    " payment_request_id = ? where contract_id = ? and position = ? if status = ?",

  claimPending: insertCql("pending_terminations", tables.pending_terminations, "if not exists"),
  pendingOf: "select * from pending_terminations where contract_id = ? and requester_id = ?",
  freePending: "delete from pending_terminations where contract_id = ? and requester_id = ? if request_id = ?",
  insertTermination: insertCql("termination_requests", tables.termination_requests, "if not exists"),
  insertTerminationId: insertCql("terminations_by_id", tables.terminations_by_id),
  terminationById: "select contract_id from terminations_by_id where id = ?",
  terminationAt: "select * from termination_requests where contract_id = ? and id = ?",
  terminationsOf: "select * from termination_requests where contract_id = ?",
  setTerminationStatus:
    "update termination_requests set status = ?, changed_by_request = ?, previous_status = ?," +
    " handled_at = ? where contract_id = ? and id = ? if status = ?",
};
