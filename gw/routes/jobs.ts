// Jobs routes: jobs, search, proposals (with the seed's GET/PUT /api/v1/proposals/{id}) and accepting one.
import type { Route } from "./route.ts";
import * as s from "../../svc/jobs/schemas.ts";

const C = ["CLIENT"] as const satisfies Route["access"];
const F = ["FREELANCER"] as const satisfies Route["access"];
const jobs = (method: Route["method"], path: string, command: string, access: Route["access"], summary: string, extra: Partial<Route> = {}): Route =>
  ({ method, path: `/api/v1/jobs${path}`, service: "jobs", command, access, summary, ...extra });

export const jobsRoutes: Route[] = [
  jobs("POST", "", "createJob", [...C], "Post a job; answers the job", { body: s.createJob, status: 201 }),
  jobs("GET", "/search", "searchJobs", "public", "Ranked full-text search over active jobs, paged by pagingState", { query: s.searchJobs }),
  jobs("GET", "/me", "getMyJobs", [...C], "The calling client's jobs, inactive ones included"),
  jobs("GET", "/me/proposals", "getMyProposals", [...F], "The calling freelancer's proposals"),
  jobs("GET", "/:id", "getJob", "authenticated", "One job", { params: s.jobId }),
  jobs("POST", "/:id/proposals", "createProposal", [...F], "Propose on an active job (one proposal per freelancer and job)", { params: s.jobId, body: s.proposalBody, status: 201 }),
  jobs("GET", "/:id/proposals", "getProposalsByJob", "authenticated", "The job's proposals: all for its client, their own for a freelancer", { params: s.jobId }),
  jobs("POST", "/:id/proposals/:proposalId/accept", "acceptProposal", [...C], "Accept a pending proposal: creates the contract, rejects the other proposals, closes the job", {
    params: s.acceptParams,
    input: ({ params }) => ({ jobId: params.id, proposalId: params.proposalId }),
  }),
  { method: "GET", path: "/api/v1/proposals/:id", service: "jobs", command: "getProposal", access: "authenticated", summary: "One proposal, for its freelancer or the job's client", params: s.proposalId },
  { method: "PUT", path: "/api/v1/proposals/:id", service: "jobs", command: "updateProposal", access: [...F], summary: "Change a pending proposal (its freelancer only)", params: s.proposalId, body: s.proposalChanges },
];
