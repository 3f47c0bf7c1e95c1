// Input schemas of the users API (field names as in the seed's API, so its clients keep working).
import { commandsOf } from "../runtime/commandContract.ts";
import * as r from "./responses.ts";
import { t, HttpUrl, Email, Password, Text, OptionalText, OptionalDate, Uuid } from "../runtime/types.ts";

export const login = t.Object({
  email: t.String({ minLength: 1, maxLength: 254 }),
  password: t.String({ minLength: 1, maxLength: 128 }),
});
export const clientRegister = t.Object({
  email: Email(),
  password: Password(),
  clientName: Text(200),
  industry: OptionalText(200),
  city: OptionalText(200),
  description: OptionalText(5000),
  employeeCount: t.Optional(t.Union([t.Integer({ minimum: 0, maximum: 10_000_000 }), t.Null()])),
});
export const freelancerRegister = t.Object({
  email: Email(),
  password: Password(),
  fullName: Text(200),
  jobTitle: OptionalText(200),
  city: OptionalText(200),
  birthDate: OptionalDate(),
});
export const clientSetProfile = t.Object({
  name: t.Optional(Text(200)),
  email: t.Optional(Email()),
  city: OptionalText(200),
  description: OptionalText(5000),
  industry: OptionalText(200),
  employeeCount: t.Optional(t.Union([t.Integer({ minimum: 0, maximum: 10_000_000 }), t.Null()])),
});
export const freelancerSetProfile = t.Object({
  email: t.Optional(Email()),
  fullName: t.Optional(Text(200)),
  city: OptionalText(200),
  jobTitle: OptionalText(200),
  description: OptionalText(5000),
  birthDate: OptionalDate(),
});
export const photo = t.Object({ photoLink: t.Union([HttpUrl(), t.Null()]) });
export const resume = t.Object({ resumeLink: t.Union([HttpUrl(), t.Null()]) });
export const achievement = t.Object({
  achievement_name: Text(200),
  awarded_by: OptionalText(200),
  achievement_description: OptionalText(5000),
  award_date: OptionalDate(),
});
export const education = t.Object({
  school_name: Text(200),
  degree: OptionalText(200),
  education_start_date: OptionalDate(),
  city: OptionalText(200),
  end_date: OptionalDate(),
  major: OptionalText(200),
  education_description: OptionalText(5000),
  grade: OptionalText(50),
});
export const experience = t.Object({
  company_name: Text(200),
  job_title: OptionalText(200),
  employment_start: OptionalDate(),
  employment_end: OptionalDate(),
  experience_description: OptionalText(5000),
  city: OptionalText(200),
});
export const updateAchievement = t.Object({
  achievement_id: Uuid("achievement_id"),
  new_achievement_name: t.Optional(Text(200)),
  new_awarded_by: OptionalText(200),
  new_achievement_description: OptionalText(5000),
  new_award_date: OptionalDate(),
});
export const updateEducation = t.Object({
  education_id: Uuid("education_id"),
  new_school_name: t.Optional(Text(200)),
  new_degree: OptionalText(200),
  new_education_start_date: OptionalDate(),
  new_city: OptionalText(200),
  new_end_date: OptionalDate(),
  new_major: OptionalText(200),
  new_education_description: OptionalText(5000),
  new_grade: OptionalText(50),
});
export const updateExperience = t.Object({
  experience_id: Uuid("experience_id"),
  new_company_name: t.Optional(Text(200)),
  new_job_title: OptionalText(200),
  new_employment_start: OptionalDate(),
  new_employment_end: OptionalDate(),
  new_experience_description: OptionalText(5000),
  new_city: OptionalText(200),
});
export const newSkill = t.Object({ newSkill: Text(100) });
export const newLanguage = t.Object({ newLanguage: Text(100) });
export const removeAchievement = t.Object({ achievementId: Uuid("achievementId") });
export const removeEducation = t.Object({ educationId: Uuid("educationId") });
export const removeExperience = t.Object({ experienceId: Uuid("experienceId") });
export const removeSkill = t.Object({ skillToRemove: Text(100) });
export const removeLanguage = t.Object({ languageToRemove: Text(100) });
export const empty = t.Object({});
export const accountId = t.Object({ userId: Uuid("userId") });
export const freelancerId = t.Object({ freelancerId: Uuid("freelancerId") });
export const accountDisabled = t.Object({ disabled: t.Boolean() });
export const setAccountDisabled = t.Object({ userId: Uuid("userId"), disabled: t.Boolean() });

/** Every users command: the route table, other services' ctx.call and outbox messages name it by these. */
const usersCommand = commandsOf("users");
export const usersCommands = {
  accountStatus: usersCommand("accountStatus", empty, t.Object({ active: t.Boolean() })),
  addFreelancerAchievement: usersCommand("addFreelancerAchievement", achievement, r.achievement),
  addFreelancerEducation: usersCommand("addFreelancerEducation", education, r.education),
  addFreelancerExperience: usersCommand("addFreelancerExperience", experience, r.experience),
  addFreelancerLanguage: usersCommand("addFreelancerLanguage", newLanguage, r.languages),
  addFreelancerSkill: usersCommand("addFreelancerSkill", newSkill, r.skills),
  clientGetPhoto: usersCommand("clientGetPhoto", empty, r.photoLink),
  deleteAccount: usersCommand("deleteAccount", accountId, r.accountDeleted),
  setAccountDisabled: usersCommand("setAccountDisabled", setAccountDisabled, r.accountDisabled),
  clientGetProfile: usersCommand("clientGetProfile", empty, r.clientProfile),
  clientRegister: usersCommand("clientRegister", clientRegister, r.identity),
  clientSetPhoto: usersCommand("clientSetPhoto", photo, r.photoLink),
  clientSetProfile: usersCommand("clientSetProfile", clientSetProfile, r.clientProfile),
  freelancerGetPhoto: usersCommand("freelancerGetPhoto", empty, r.photoLink),
  freelancerGetProfile: usersCommand("freelancerGetProfile", empty, r.freelancerProfile),
  freelancerGetProfileBrief: usersCommand("freelancerGetProfileBrief", empty, r.profileBrief),
  freelancerGetResume: usersCommand("freelancerGetResume", empty, r.resumeLink),
  freelancerRegister: usersCommand("freelancerRegister", freelancerRegister, r.identity),
  resumeOfFreelancer: usersCommand("resumeOfFreelancer", freelancerId, r.freelancerResume),
  freelancerSetPhoto: usersCommand("freelancerSetPhoto", photo, r.photoLink),
  freelancerSetProfile: usersCommand("freelancerSetProfile", freelancerSetProfile, r.freelancerProfile),
  freelancerSetResume: usersCommand("freelancerSetResume", resume, r.resumeLink),
  getFreelancerAchievements: usersCommand("getFreelancerAchievements", empty, r.achievements),
  getFreelancerEducations: usersCommand("getFreelancerEducations", empty, r.educations),
  getFreelancerExperiences: usersCommand("getFreelancerExperiences", empty, r.experiences),
  getFreelancerLanguages: usersCommand("getFreelancerLanguages", empty, r.languages),
  getFreelancerSkills: usersCommand("getFreelancerSkills", empty, r.skills),
  login: usersCommand("login", login, r.identity),
  removeFreelancerAchievement: usersCommand("removeFreelancerAchievement", removeAchievement, r.achievements),
  removeFreelancerEducation: usersCommand("removeFreelancerEducation", removeEducation, r.educations),
  removeFreelancerExperience: usersCommand("removeFreelancerExperience", removeExperience, r.experiences),
  removeFreelancerLanguage: usersCommand("removeFreelancerLanguage", removeLanguage, r.languages),
  removeFreelancerSkill: usersCommand("removeFreelancerSkill", removeSkill, r.skills),
  updateFreelancerAchievement: usersCommand("updateFreelancerAchievement", updateAchievement, r.achievement),
  updateFreelancerEducation: usersCommand("updateFreelancerEducation", updateEducation, r.education),
  updateFreelancerExperience: usersCommand("updateFreelancerExperience", updateExperience, r.experience),
};
