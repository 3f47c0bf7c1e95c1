// Input schemas of the contracts commands, shared by the gateway's route table and the service.
import { t, Text, DateString, Uuid } from "../runtime/types.ts";
import { Amount } from "../runtime/money.ts";

export const contractId = t.Object({ id: Uuid("contract id") });
export const milestoneId = t.Object({ id: Uuid("milestone id") });
export const terminationId = t.Object({ id: Uuid("termination request id") });

export const evaluateBody = t.Object({
  evaluatedState: t.Union([t.Literal("ACCEPTED"), t.Literal("IN_PROGRESS")], { description: "ACCEPTED, or IN_PROGRESS to send it back" }),
});
export const evaluateMilestone = t.Composite([milestoneId, evaluateBody]);

export const terminationBody = t.Object({ reason: Text(2000) });
export const requestContractTermination = t.Composite([contractId, terminationBody]);

export const handleBody = t.Object({ chosenStatus: t.Union([t.Literal("ACCEPTED"), t.Literal("REJECTED")]) });
export const handleTerminationRequest = t.Composite([terminationId, handleBody]);

// Internal (service-to-service) commands.
const milestone = t.Object({ description: Text(2000), amount: Amount(), dueDate: DateString() });
export const initiateContract = t.Object({
  jobId: Uuid("jobId"), proposalId: Uuid("proposalId"), jobTitle: Text(500),
  clientId: Uuid("clientId"), freelancerId: Uuid("freelancerId"),
  milestones: t.Array(milestone, { minItems: 1, maxItems: 50 }),
});
export const markMilestonePaid = t.Object({
  milestoneId: Uuid("milestoneId"),
  paymentRequestId: t.Optional(t.Union([Uuid("paymentRequestId"), t.Null()])),
});
