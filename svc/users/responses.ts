// What the users commands answer (svc/users/views.ts builds them): the OpenAPI document's response schemas.
import { t, Answer, Day, Nullable, Time, Uuid } from "../runtime/types.ts";
import { itemKinds, type ItemKind } from "./store.ts";

const text = () => Nullable(t.String());
const role = t.Union([t.Literal("CLIENT"), t.Literal("FREELANCER"), t.Literal("ADMIN")]);

/** The command's answer to login and registration; the gateway answers a token instead (gw/openapi/). */
export const identity = Answer({ userId: Uuid("user id"), email: t.String(), role });
export const clientProfile = Answer({
  id: Uuid("user id"),
  name: text(),
  email: t.String(),
  city: text(),
  description: text(),
  industry: text(),
  employeeCount: Nullable(t.Integer()),
  photoLink: text(),
  createdAt: Time(),
});
export const freelancerProfile = Answer({
  id: Uuid("user id"),
  email: t.String(),
  fullName: text(),
  city: text(),
  jobTitle: text(),
  description: text(),
  birthDate: Nullable(Day()),
  photoLink: text(),
  resumeLink: text(),
  languages: t.Array(t.String()),
  skills: t.Array(t.String()),
  createdAt: Time(),
});
export const profileBrief = Answer({ email: t.String(), fullName: text() });
export const photoLink = Answer({ photoLink: text() });
export const resumeLink = Answer({ resumeLink: text() });
export const freelancerResume = Answer({ freelancerId: Uuid("freelancer id"), resumeLink: text() });
export const skills = Answer({ skills: t.Array(t.String()) });
export const languages = Answer({ languages: t.Array(t.String()) });

/** An achievement, education or experience: its id and its columns (dates as YYYY-MM-DD). */
const item = (kind: ItemKind) => {
  const { columns, dates } = itemKinds[kind];
  const fields = Object.fromEntries(
    columns.map((c) => [c, (dates as readonly string[]).includes(c) ? Nullable(Day()) : text()]),
  );
  return Answer({ id: Uuid(`${kind} id`), ...fields });
};
export const achievement = item("achievement");
export const education = item("education");
export const experience = item("experience");
export const achievements = Answer({ achievements: t.Array(achievement) });
export const educations = Answer({ educations: t.Array(education) });
export const experiences = Answer({ experiences: t.Array(experience) });

export const accountDeleted = Answer({ userId: Uuid("user id"), deleted: t.Literal(true) });
export const accountDisabled = Answer({ userId: Uuid("user id"), disabled: t.Boolean() });
