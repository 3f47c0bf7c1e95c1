// Input schemas of the jobs API, shared by the gateway's route table and the commands.
import { commandsOf } from "../runtime/commandContract.ts";
import * as r from "./responses.ts";
import { usersCommands } from "../users/schemas.ts";
import { t, OneOf, HttpUrl, Text, OptionalText, DateString, Uuid } from "../runtime/types.ts";
import { Amount } from "../runtime/money.ts";

export const experienceLevels = ["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"] as const;
export const jobDurations = [
  "LESS_THAN_A_MONTH",
  "ONE_TO_THREE_MONTHS",
  "THREE_TO_SIX_MONTHS",
  "MORE_THAN_SIX_MONTHS",
] as const;
export type Experience = (typeof experienceLevels)[number];
export type JobDuration = (typeof jobDurations)[number];

export const maxPageLimit = 100;
export const defaultPageLimit = 20;

const Skills = () => t.Array(Text(100), { maxItems: 50 });
const milestone = t.Object({ description: Text(2000), amount: Amount(), dueDate: DateString() });
const attachment = t.Object({ name: Text(200), url: HttpUrl() });
const Milestones = () => t.Array(milestone, { minItems: 1, maxItems: 50 });
const Attachments = () => t.Array(attachment, { maxItems: 20 });

export const createJob = t.Object({
  title: Text(200),
  description: Text(20_000),
  location: OptionalText(200),
  budget: Amount("budget, greater than 0, at most two decimals"),
  skills: t.Optional(Skills()),
  experience: OneOf(experienceLevels),
});

export const jobId = t.Object({ id: Uuid("job id") });

// Query parameters are strings with patterns (not numbers): the gateway then names the parameter in every 400.
const QueryAmount = (description: string) => t.String({ pattern: "^\\d{1,10}(\\.\\d{1,2})?$", description });
export const searchJobs = t.Object({
  query: t.Optional(t.String({ maxLength: 500 })),
  pageLimit: t.Optional(
    t.String({
      pattern: `^(${maxPageLimit}|[1-9][0-9]?)$`,
      description: `1 to ${maxPageLimit}, default ${defaultPageLimit}`,
    }),
  ),
  pagingState: t.Optional(t.Union([t.String({ maxLength: 1000 }), t.Null()])),
  skills: t.Optional(
    t.String({ maxLength: 2000, description: "comma-separated; a job must have every one (any letter case)" }),
  ),
  experience: t.Optional(OneOf(experienceLevels)),
  minBudget: t.Optional(QueryAmount("minimum budget")),
  maxBudget: t.Optional(QueryAmount("maximum budget")),
});

export const proposalBody = t.Object({
  coverLetter: Text(10_000),
  jobDuration: OneOf(jobDurations),
  attachments: t.Optional(Attachments()),
  milestones: Milestones(),
});
export const createProposal = t.Composite([jobId, proposalBody]);

export const acceptProposal = t.Object({ jobId: Uuid("job id"), proposalId: Uuid("proposal id") });
/** The accept route's path: the job segment is `:id` like its sibling routes (one parameter name per position). */
export const acceptParams = t.Object({ id: Uuid("job id"), proposalId: Uuid("proposal id") });

export const proposalId = t.Object({ id: Uuid("proposal id") });
export const proposalChanges = t.Object({
  coverLetter: t.Optional(Text(10_000)),
  jobDuration: t.Optional(OneOf(jobDurations)),
  attachments: t.Optional(Attachments()),
  milestones: t.Optional(Milestones()),
});
export const updateProposal = t.Composite([proposalId, proposalChanges]);

export const empty = t.Object({});

/** Every jobs command: the route table, other services' ctx.call and outbox messages name it by these. */
const jobsCommand = commandsOf("jobs");
export const jobsCommands = {
  acceptProposal: jobsCommand("acceptProposal", acceptProposal, r.accepted),
  createJob: jobsCommand("createJob", createJob, r.job),
  createProposal: jobsCommand("createProposal", createProposal, r.proposal),
  getJob: jobsCommand("getJob", jobId, r.job),
  getMyJobs: jobsCommand("getMyJobs", empty, r.jobs),
  getMyProposals: jobsCommand("getMyProposals", empty, r.proposals),
  getProposal: jobsCommand("getProposal", proposalId, r.proposal),
  getProposalsByJob: jobsCommand("getProposalsByJob", jobId, r.proposals),
  getProposerResume: jobsCommand("getProposerResume", acceptProposal, usersCommands.resumeOfFreelancer.output),
  searchJobs: jobsCommand("searchJobs", searchJobs, r.searchPage),
  updateProposal: jobsCommand("updateProposal", updateProposal, r.proposal),
};
