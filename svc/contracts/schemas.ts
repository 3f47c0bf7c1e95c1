// Input schemas of the contracts commands, shared by the gateway's route table and the service.
import { commandsOf } from "../runtime/commandContract.ts";
import * as r from "./responses.ts";
import { t, Text, DateString, Uuid } from "../runtime/types.ts";
import { Amount } from "../runtime/money.ts";

export const contractId = t.Object({ id: Uuid("contract id") });
export const milestoneId = t.Object({ id: Uuid("milestone id") });
export const terminationId = t.Object({ id: Uuid("termination request id") });

export const evaluateBody = t.Object({
  evaluatedState: t.Union([t.Literal("ACCEPTED"), t.Literal("IN_PROGRESS")], {
    description: "ACCEPTED, or IN_PROGRESS to send it back",
  }),
});
export const evaluateMilestone = t.Composite([milestoneId, evaluateBody]);

export const terminationBody = t.Object({ reason: Text(2000) });
export const requestContractTermination = t.Composite([contractId, terminationBody]);

export const handleBody = t.Object({ chosenStatus: t.Union([t.Literal("ACCEPTED"), t.Literal("REJECTED")]) });
export const handleTerminationRequest = t.Composite([terminationId, handleBody]);

// Internal (service-to-service) commands.
const milestone = t.Object({ description: Text(2000), amount: Amount(), dueDate: DateString() });
export const initiateContract = t.Object({
  jobId: Uuid("jobId"),
  proposalId: Uuid("proposalId"),
  jobTitle: Text(500),
  clientId: Uuid("clientId"),
  freelancerId: Uuid("freelancerId"),
  milestones: t.Array(milestone, { minItems: 1, maxItems: 50 }),
});
export const markMilestonePaid = t.Object({
  milestoneId: Uuid("milestoneId"),
  paymentRequestId: t.Optional(t.Union([Uuid("paymentRequestId"), t.Null()])),
});

/** Every contracts command: the route table, other services' ctx.call and outbox messages name it by these. */
const contractsCommand = commandsOf("contracts");
export const contractsCommands = {
  evaluateMilestone: contractsCommand("evaluateMilestone", evaluateMilestone, r.milestone),
  getContract: contractsCommand("getContract", contractId, r.contract),
  getContractMilestones: contractsCommand("getContractMilestones", contractId, r.milestones),
  getMilestone: contractsCommand("getMilestone", milestoneId, r.milestone),
  getPendingTerminations: contractsCommand("getPendingTerminations", contractId, r.terminations),
  handleTerminationRequest: contractsCommand("handleTerminationRequest", handleTerminationRequest, r.termination),
  initiateContract: contractsCommand("initiateContract", initiateContract, t.Object({ id: Uuid("contract id") })),
  markMilestonePaid: contractsCommand("markMilestonePaid", markMilestonePaid, r.milestonePaid),
  printContract: contractsCommand("printContract", contractId, r.file),
  progressMilestone: contractsCommand("progressMilestone", milestoneId, r.milestone),
  requestContractTermination: contractsCommand("requestContractTermination", requestContractTermination, r.termination),
};
