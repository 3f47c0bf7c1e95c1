// What the contracts commands answer (svc/contracts/views.ts builds them): the OpenAPI document's response schemas.
import { t, Answer, OneOf, Day, Money, Time, Uuid } from "../runtime/types.ts";

export const milestone = Answer({
  id: Uuid("milestone id"),
  contractId: Uuid("contract id"),
  description: t.String(),
  amount: Money(),
  dueDate: Day(),
  status: OneOf(["OPEN", "IN_PROGRESS", "IN_REVIEW", "ACCEPTED", "PAID"]),
  createdAt: Time(),
  updatedAt: Time(),
});
export const milestones = Answer({ milestones: t.Array(milestone) });
export const contract = Answer({
  id: Uuid("contract id"),
  jobId: Uuid("job id"),
  proposalId: Uuid("proposal id"),
  jobTitle: t.String(),
  clientId: Uuid("client id"),
  freelancerId: Uuid("freelancer id"),
  status: OneOf(["ACTIVE", "TERMINATED", "COMPLETED"]),
  milestones: t.Array(milestone),
  createdAt: Time(),
  updatedAt: Time(),
});
export const termination = Answer({
  id: Uuid("termination request id"),
  contractId: Uuid("contract id"),
  requesterId: Uuid("user id"),
  reason: t.String(),
  status: OneOf(["PENDING", "ACCEPTED", "REJECTED"]),
  createdAt: Time(),
});
export const terminations = Answer({ terminationRequests: t.Array(termination) });
/** A file the gateway sends as its bytes (gw/errors.ts fileResponse). */
export const file = Answer({ contentType: t.String(), filename: t.String(), base64: t.String() });
export const milestonePaid = Answer({ ok: t.Boolean(), milestone, contractStatus: t.String() });
