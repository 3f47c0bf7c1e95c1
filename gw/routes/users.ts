// Users routes: accounts and login, client and freelancer profiles, skills, languages, items.
import type { Route } from "./route.ts";
import * as s from "../../svc/users/schemas.ts";

const F = ["FREELANCER"] as const satisfies Route["access"];
const C = ["CLIENT"] as const satisfies Route["access"];
const fr = (method: Route["method"], path: string, command: string, summary: string, extra: Partial<Route> = {}): Route =>
  ({ method, path: `/api/v1/users/freelancer${path}`, service: "users", command, access: [...F], summary, ...extra });
const cl = (method: Route["method"], path: string, command: string, summary: string, extra: Partial<Route> = {}): Route =>
  ({ method, path: `/api/v1/users/client${path}`, service: "users", command, access: [...C], summary, ...extra });

export const usersRoutes: Route[] = [
  { method: "POST", path: "/api/v1/users/login", service: "users", command: "login", access: "public", body: s.login, issuesToken: true, throttle: "login", summary: "Log in; answers a bearer token" },
  { method: "POST", path: "/api/v1/users/clients/register", service: "users", command: "clientRegister", access: "public", body: s.clientRegister, issuesToken: true, status: 201, summary: "Register a client" },
  { method: "POST", path: "/api/v1/users/freelancers/register", service: "users", command: "freelancerRegister", access: "public", body: s.freelancerRegister, issuesToken: true, status: 201, summary: "Register a freelancer (a wallet is created)" },
  fr("POST", "/achievements", "addFreelancerAchievement", "Add an achievement", { body: s.achievement, status: 201 }),
  fr("POST", "/education", "addFreelancerEducation", "Add an education", { body: s.education, status: 201 }),
  fr("POST", "/experience", "addFreelancerExperience", "Add an experience", { body: s.experience, status: 201 }),
  fr("POST", "/languages", "addFreelancerLanguage", "Add a language", { body: s.newLanguage, status: 201 }),
  fr("POST", "/skills", "addFreelancerSkill", "Add a skill", { body: s.newSkill, status: 201 }),
  cl("GET", "/photo", "clientGetPhoto", "The client's photo link"),
  cl("GET", "/profile", "clientGetProfile", "The client's profile"),
  cl("POST", "/photo", "clientSetPhoto", "Set the client's photo link", { body: s.photo }),
  cl("POST", "/profile", "clientSetProfile", "Update the client's profile", { body: s.clientSetProfile }),
  fr("GET", "/photo", "freelancerGetPhoto", "The freelancer's photo link"),
  fr("GET", "/profile_briefs", "freelancerGetProfileBrief", "The freelancer's name and email"),
  fr("GET", "/profile", "freelancerGetProfile", "The freelancer's profile"),
  fr("GET", "/resume", "freelancerGetResume", "The freelancer's resume link"),
  fr("POST", "/photo", "freelancerSetPhoto", "Set the freelancer's photo link", { body: s.photo }),
  fr("POST", "/profile", "freelancerSetProfile", "Update the freelancer's profile", { body: s.freelancerSetProfile }),
  fr("POST", "/resume", "freelancerSetResume", "Set the freelancer's resume link", { body: s.resume }),
  fr("GET", "/achievements", "getFreelancerAchievements", "The freelancer's achievements, with ids"),
  fr("GET", "/education", "getFreelancerEducations", "The freelancer's educations, with ids"),
  fr("GET", "/experience", "getFreelancerExperiences", "The freelancer's experiences, with ids"),
  fr("GET", "/languages", "getFreelancerLanguages", "The freelancer's languages"),
  fr("GET", "/skills", "getFreelancerSkills", "The freelancer's skills"),
  fr("DELETE", "/achievements", "removeFreelancerAchievement", "Remove one of the freelancer's achievements", { query: s.removeAchievement }),
  fr("DELETE", "/education", "removeFreelancerEducation", "Remove one of the freelancer's educations", { query: s.removeEducation }),
  fr("DELETE", "/experience", "removeFreelancerExperience", "Remove one of the freelancer's experiences", { query: s.removeExperience }),
  fr("DELETE", "/languages", "removeFreelancerLanguage", "Remove a language", { query: s.removeLanguage }),
  fr("DELETE", "/skills", "removeFreelancerSkill", "Remove a skill", { query: s.removeSkill }),
  fr("PUT", "/achievements", "updateFreelancerAchievement", "Update one of the freelancer's achievements", { body: s.updateAchievement }),
  fr("PUT", "/education", "updateFreelancerEducation", "Update one of the freelancer's educations", { body: s.updateEducation }),
  fr("PUT", "/experience", "updateFreelancerExperience", "Update one of the freelancer's experiences", { body: s.updateExperience }),
];
