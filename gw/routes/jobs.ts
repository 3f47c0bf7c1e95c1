// Jobs routes: jobs, search, proposals (with the seed's GET/PUT /api/v1/proposals/{id}) and accepting one.
import { routesOf, type Access, type Route } from "./route.ts";
import * as s from "../../svc/jobs/schemas.ts";
import { jobKey, searchKey } from "../../svc/jobs/cacheKeys.ts";

/** How long the gateway keeps an answer at most; invalidations drop it sooner (gw/edgeCache.ts). */
const edgeTtl = 30;
const C: Access = ["CLIENT"];
const F: Access = ["FREELANCER"];
const jobs = routesOf(s.jobsCommands, "/api/v1/jobs");
const proposals = routesOf(s.jobsCommands, "/api/v1/proposals");
/** A proposal's attachment links, signed for its freelancer's files (gw/mediaLinks.ts). */
const attachments: Route["mediaLinks"] = { field: "attachments", owner: "freelancerId" };

export const jobsRoutes: Route[] = [
  jobs("POST", "", "createJob", C, "Post a job; answers the job", { body: s.createJob, status: 201 }),
  jobs("GET", "/search", "searchJobs", "public", "Ranked full-text search over active jobs, paged by pagingState", {
    query: s.searchJobs,
    edgeCache: { ttlSeconds: edgeTtl, tags: () => [searchKey] },
  }),
  jobs("GET", "/me", "getMyJobs", C, "The calling client's jobs, inactive ones included"),
  jobs("GET", "/me/proposals", "getMyProposals", F, "The calling freelancer's proposals", { mediaLinks: attachments }),
  jobs("GET", "/:id", "getJob", "authenticated", "One job", {
    params: s.jobId,
    edgeCache: { ttlSeconds: edgeTtl, tags: ({ id }) => [jobKey(id)] },
  }),
  jobs(
    "POST",
    "/:id/proposals",
    "createProposal",
    F,
    "Propose on an active job (one proposal per freelancer and job)",
    { params: s.jobId, body: s.proposalBody, status: 201, mediaLinks: attachments },
  ),
  jobs(
    "GET",
    "/:id/proposals",
    "getProposalsByJob",
    "authenticated",
    "The job's proposals: all for its client, their own for a freelancer",
    { params: s.jobId, mediaLinks: attachments },
  ),
  jobs(
    "POST",
    "/:id/proposals/:proposalId/accept",
    "acceptProposal",
    C,
    "Accept a pending proposal: creates the contract, rejects the other proposals, closes the job",
    {
      params: s.acceptParams,
      input: ({ params }) => ({ jobId: params.id, proposalId: params.proposalId }),
    },
  ),
  jobs(
    "GET",
    "/:id/proposals/:proposalId/resume",
    "getProposerResume",
    C,
    "The resume link of a freelancer who proposed on the client's job (signed, short-lived)",
    {
      params: s.acceptParams,
      input: ({ params }) => ({ jobId: params.id, proposalId: params.proposalId }),
      mediaLinks: { field: "resumeLink", owner: "freelancerId" },
    },
  ),
  proposals("GET", "/:id", "getProposal", "authenticated", "One proposal, for its freelancer or the job's client", {
    params: s.proposalId,
    mediaLinks: attachments,
  }),
  proposals("PUT", "/:id", "updateProposal", F, "Change a pending proposal (its freelancer only)", {
    params: s.proposalId,
    body: s.proposalChanges,
    mediaLinks: attachments,
  }),
];
