// What the jobs commands answer (svc/jobs/views.ts builds them): the OpenAPI document's response schemas.
import { t, Answer, OneOf, Money, Nullable, Time, Uuid } from "../runtime/types.ts";

export const job = Answer({
  id: Uuid("job id"),
  title: t.String(),
  description: t.String(),
  location: Nullable(t.String()),
  budget: Money(),
  skills: t.Array(t.String()),
  experience: OneOf(["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"]),
  clientId: Uuid("client id"),
  active: t.Boolean(),
  createdAt: Time(),
  updatedAt: Time(),
});
export const jobs = t.Array(job);
export const searchPage = Answer({
  jobs,
  pagingState: Nullable(t.String({ description: "pass it back as pagingState for the next page; null at the end" })),
});

export const proposal = Answer({
  id: Uuid("proposal id"),
  jobId: Uuid("job id"),
  freelancerId: Uuid("freelancer id"),
  coverLetter: t.String(),
  jobDuration: OneOf(["LESS_THAN_A_MONTH", "ONE_TO_THREE_MONTHS", "THREE_TO_SIX_MONTHS", "MORE_THAN_SIX_MONTHS"]),
  attachments: t.Array(Answer({ name: t.String(), url: t.String() })),
  milestones: t.Array(Answer({ description: t.String(), amount: Money(), dueDate: t.String() })),
  status: OneOf(["PENDING", "ACCEPTED", "REJECTED"]),
  createdAt: Time(),
  updatedAt: Time(),
});
export const proposals = t.Array(proposal);

export const accepted = Answer({
  message: t.String(),
  job: Answer({ id: Uuid("job id"), active: t.Literal(false) }),
  proposal: Answer({ id: Uuid("proposal id"), status: t.Literal("ACCEPTED") }),
  contractId: Uuid("the new contract's id"),
});
