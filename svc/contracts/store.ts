// The contracts service's storage as the commands see it: the ContractsStore interface and plain row shapes.
// Implementations: store/postgres.ts (default) and store/cassandra.ts (CONTRACTS_STORE=cassandra); store/select.ts
// picks one.

export type ContractStatus = "ACTIVE" | "TERMINATED" | "COMPLETED";
export type MilestoneStatus = "OPEN" | "IN_PROGRESS" | "IN_REVIEW" | "ACCEPTED" | "PAID";
export type TerminationStatus = "PENDING" | "ACCEPTED" | "REJECTED";

/**
 * Stores outside the request's transaction only, and only for themselves: the request that made the last status
 * change and the status before it, so that a redelivered request reads the row as it first did.
 */
interface ChangeMark {
  changed_by_request?: string | null;
  previous_status?: string | null;
}

export interface ContractRow extends ChangeMark {
  id: string;
  job_id: string;
  proposal_id: string;
  job_title: string;
  client_id: string;
  freelancer_id: string;
  status: ContractStatus;
  created_at: Date;
  updated_at: Date;
}
export interface MilestoneRow extends ChangeMark {
  id: string;
  contract_id: string;
  position: number;
  description: string;
  /** NUMERIC(14,2) as a decimal string: "500.00". */
  amount: string;
  due_date: Date;
  status: MilestoneStatus;
  payment_request_id: string | null;
  created_at: Date;
  updated_at: Date;
}
export interface TerminationRow extends ChangeMark {
  id: string;
  contract_id: string;
  requester_id: string;
  reason: string;
  status: TerminationStatus;
  created_at: Date;
  handled_at: Date | null;
}

export interface NewContract {
  jobId: string;
  proposalId: string;
  jobTitle: string;
  clientId: string;
  freelancerId: string;
  /** amount: a decimal string ("500.00"); dueDate: "YYYY-MM-DD". */
  milestones: Array<{ description: string; amount: string; dueDate: string }>;
}

/**
 * What the commands call. "Lock" reads hold a row lock until the transaction ends in PostgreSQL (always the
 * contract first, then its milestone or request); a store without transactions reads plainly, and every status
 * change is conditional on the status the row was read with (a lightweight transaction in Cassandra): null means
 * another request changed it meanwhile. A store is bound to one request: a redelivered request's lock reads show
 * the rows as it first read them and its changes answer the row they already made, so commands never tell.
 */
export interface ContractsStore {
  /** The contract with its milestones; null when a contract for this proposal already exists. */
  insertContract(c: NewContract): Promise<ContractRow | null>;
  findContract(id: string): Promise<ContractRow | null>;
  findContractByProposal(proposalId: string): Promise<ContractRow | null>;
  lockContract(id: string): Promise<ContractRow | null>;
  setContractStatus(contract: ContractRow, status: ContractStatus): Promise<ContractRow | null>;
  /** In their order in the proposal. */
  listMilestones(contractId: string): Promise<MilestoneRow[]>;
  findMilestone(id: string): Promise<MilestoneRow | null>;
  /** Call after lockContract. */
  lockMilestone(id: string): Promise<MilestoneRow | null>;
  /** `paymentRequestId` undefined leaves it as it is. */
  setMilestoneStatus(
    milestone: MilestoneRow,
    status: MilestoneStatus,
    change?: { paymentRequestId?: string | null },
  ): Promise<MilestoneRow | null>;
  allMilestonesPaid(contractId: string): Promise<boolean>;
  findTermination(id: string): Promise<TerminationRow | null>;
  lockTermination(id: string): Promise<TerminationRow | null>;
  /** The contract's PENDING requests, oldest first. */
  pendingTerminations(contractId: string): Promise<TerminationRow[]>;
  /** Whether the requester has a PENDING request on the contract (other than the one this request made). */
  hasPendingTermination(contractId: string, requesterId: string): Promise<boolean>;
  /** One PENDING request per requester and contract: a second one is refused as a conflict. */
  insertTermination(contractId: string, requesterId: string, reason: string): Promise<TerminationRow>;
  setTerminationStatus(request: TerminationRow, status: TerminationStatus): Promise<TerminationRow | null>;
  /** Rejects the contract's other pending requests (its termination answers them all); how many. */
  closePendingTerminations(contractId: string, exceptId: string): Promise<number>;
}
