// Users routes: accounts and login, client and freelancer profiles, skills, languages, items.
import { routesOf, type Access, type Route } from "./route.ts";
import * as s from "../../svc/users/schemas.ts";

const users = routesOf(s.usersCommands, "/api/v1/users");
const F: Access = ["FREELANCER"];
const C: Access = ["CLIENT"];
const A: Access = ["ADMIN"];
/** The caller's own resume link, signed (gw/mediaLinks.ts). */
const ownResume: Route["mediaLinks"] = { field: "resumeLink", owner: "caller" };

export const usersRoutes: Route[] = [
  users("DELETE", "/accounts/:userId", "deleteAccount", A, "Delete an account (admin); its tokens stop at once", {
    params: s.accountId,
  }),
  users("PUT", "/accounts/:userId/disabled", "setAccountDisabled", A, "Disable or enable an account (admin)", {
    params: s.accountId,
    body: s.accountDisabled,
  }),
  users("POST", "/login", "login", "public", "Log in; answers a bearer token", {
    body: s.login,
    issuesToken: true,
    throttle: "login",
  }),
  users("POST", "/clients/register", "clientRegister", "public", "Register a client", {
    body: s.clientRegister,
    issuesToken: true,
    status: 201,
  }),
  users(
    "POST",
    "/freelancers/register",
    "freelancerRegister",
    "public",
    "Register a freelancer (a wallet is created)",
    { body: s.freelancerRegister, issuesToken: true, status: 201 },
  ),
  users("POST", "/freelancer/achievements", "addFreelancerAchievement", F, "Add an achievement", {
    body: s.achievement,
    status: 201,
  }),
  users("POST", "/freelancer/education", "addFreelancerEducation", F, "Add an education", {
    body: s.education,
    status: 201,
  }),
  users("POST", "/freelancer/experience", "addFreelancerExperience", F, "Add an experience", {
    body: s.experience,
    status: 201,
  }),
  users("POST", "/freelancer/languages", "addFreelancerLanguage", F, "Add a language", {
    body: s.newLanguage,
    status: 201,
  }),
  users("POST", "/freelancer/skills", "addFreelancerSkill", F, "Add a skill", { body: s.newSkill, status: 201 }),
  users("GET", "/client/photo", "clientGetPhoto", C, "The client's photo link"),
  users("GET", "/client/profile", "clientGetProfile", C, "The client's profile"),
  users("POST", "/client/photo", "clientSetPhoto", C, "Set the client's photo link", { body: s.photo }),
  users("POST", "/client/profile", "clientSetProfile", C, "Update the client's profile", { body: s.clientSetProfile }),
  users("GET", "/freelancer/photo", "freelancerGetPhoto", F, "The freelancer's photo link"),
  users("GET", "/freelancer/profile_briefs", "freelancerGetProfileBrief", F, "The freelancer's name and email"),
  users("GET", "/freelancer/profile", "freelancerGetProfile", F, "The freelancer's profile", { mediaLinks: ownResume }),
  users("GET", "/freelancer/resume", "freelancerGetResume", F, "The freelancer's resume link", {
    mediaLinks: ownResume,
  }),
  users("POST", "/freelancer/photo", "freelancerSetPhoto", F, "Set the freelancer's photo link", { body: s.photo }),
  users("POST", "/freelancer/profile", "freelancerSetProfile", F, "Update the freelancer's profile", {
    body: s.freelancerSetProfile,
    mediaLinks: ownResume,
  }),
  users("POST", "/freelancer/resume", "freelancerSetResume", F, "Set the freelancer's resume link", {
    body: s.resume,
    mediaLinks: ownResume,
  }),
  users("GET", "/freelancer/achievements", "getFreelancerAchievements", F, "The freelancer's achievements, with ids"),
  users("GET", "/freelancer/education", "getFreelancerEducations", F, "The freelancer's educations, with ids"),
  users("GET", "/freelancer/experience", "getFreelancerExperiences", F, "The freelancer's experiences, with ids"),
  users("GET", "/freelancer/languages", "getFreelancerLanguages", F, "The freelancer's languages"),
  users("GET", "/freelancer/skills", "getFreelancerSkills", F, "The freelancer's skills"),
  users(
    "DELETE",
    "/freelancer/achievements",
    "removeFreelancerAchievement",
    F,
    "Remove one of the freelancer's achievements",
    { query: s.removeAchievement },
  ),
  users(
    "DELETE",
    "/freelancer/education",
    "removeFreelancerEducation",
    F,
    "Remove one of the freelancer's educations",
    { query: s.removeEducation },
  ),
  users(
    "DELETE",
    "/freelancer/experience",
    "removeFreelancerExperience",
    F,
    "Remove one of the freelancer's experiences",
    { query: s.removeExperience },
  ),
  users("DELETE", "/freelancer/languages", "removeFreelancerLanguage", F, "Remove a language", {
    query: s.removeLanguage,
  }),
  users("DELETE", "/freelancer/skills", "removeFreelancerSkill", F, "Remove a skill", { query: s.removeSkill }),
  users(
    "PUT",
    "/freelancer/achievements",
    "updateFreelancerAchievement",
    F,
    "Update one of the freelancer's achievements",
    { body: s.updateAchievement },
  ),
  users("PUT", "/freelancer/education", "updateFreelancerEducation", F, "Update one of the freelancer's educations", {
    body: s.updateEducation,
  }),
  users(
    "PUT",
    "/freelancer/experience",
    "updateFreelancerExperience",
    F,
    "Update one of the freelancer's experiences",
    { body: s.updateExperience },
  ),
];
