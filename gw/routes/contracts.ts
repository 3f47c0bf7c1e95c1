// Contracts routes: contracts, milestones, terminations and the PDF. Reads are open to any signed-in user at the edge;
// the service lets only the contract's two parties and admins see a contract.
import { routesOf, type Route } from "./route.ts";
import * as s from "../../svc/contracts/schemas.ts";
import { cacheKeys } from "../../svc/contracts/cacheKeys.ts";

const row = routesOf(s.contractsCommands, "/api/v1/contracts");
/** How long the gateway keeps an answer at most; invalidations drop it sooner (gw/edgeCache.ts). */
const edgeTtl = 30;
const idOnly = ({ params }: { params: Record<string, unknown> }) => ({ id: params.id });

export const contractsRoutes: Route[] = [
  row("GET", "/milestones/:id", "getMilestone", "authenticated", "A milestone (the contract's parties and admins)", {
    params: s.milestoneId,
    input: idOnly,
    edgeCache: { ttlSeconds: edgeTtl, tags: ({ id }) => [cacheKeys.milestone(id)], perCaller: true },
  }),
  row(
    "POST",
    "/milestones/:id/progress",
    "progressMilestone",
    ["FREELANCER"],
    "Move a milestone on: OPEN -> IN_PROGRESS -> IN_REVIEW (the contract's freelancer)",
    { params: s.milestoneId, input: idOnly },
  ),
  row(
    "POST",
    "/milestones/:id/evaluate",
    "evaluateMilestone",
    ["CLIENT"],
    "Accept a milestone in review, or send it back to IN_PROGRESS (the contract's client)",
    { params: s.milestoneId, body: s.evaluateBody },
  ),
  row(
    "POST",
    "/terminations/:id/handle",
    "handleTerminationRequest",
    ["ADMIN"],
    "Accept (terminates the contract) or reject a termination request",
    { params: s.terminationId, body: s.handleBody },
  ),
  row("GET", "/:id", "getContract", "authenticated", "A contract with its milestones (its parties and admins)", {
    params: s.contractId,
    input: idOnly,
    edgeCache: { ttlSeconds: edgeTtl, tags: ({ id }) => [cacheKeys.contract(id)], perCaller: true },
  }),
  row("GET", "/:id/milestones", "getContractMilestones", "authenticated", "A contract's milestones", {
    params: s.contractId,
    input: idOnly,
  }),
  row(
    "GET",
    "/:id/terminations",
    "getPendingTerminations",
    "authenticated",
    "A contract's pending termination requests",
    { params: s.contractId, input: idOnly },
  ),
  row(
    "POST",
    "/:id/terminations/request",
    "requestContractTermination",
    ["CLIENT", "FREELANCER"],
    "Ask an admin to terminate the contract (one pending request per party)",
    { params: s.contractId, body: s.terminationBody, status: 201 },
  ),
  row("GET", "/:id/print", "printContract", "authenticated", "The contract and its milestones as a PDF document", {
    params: s.contractId,
    input: idOnly,
    binary: true,
  }),
];
