// What the users API answers: camelCase profiles, snake_case profile items with their id, dates as YYYY-MM-DD.
import type { UserRow } from "./store.ts";

/** postgres.js reads a `date` column as UTC midnight, so the ISO day is the stored day. */
export const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export const clientProfile = (u: UserRow) => ({
  id: u.id,
  name: u.client_name,
  email: u.email,
  city: u.city,
  description: u.client_description,
  industry: u.industry,
  employeeCount: u.employee_count,
  photoLink: u.photo_link,
  createdAt: u.created_at,
});

export const freelancerProfile = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  fullName: u.full_name,
  city: u.city,
  jobTitle: u.job_title,
  description: u.description,
  birthDate: day(u.birth_date),
  photoLink: u.photo_link,
  resumeLink: u.resume_link,
  languages: u.languages,
  skills: u.skills,
  createdAt: u.created_at,
});

export const itemView = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? day(v) : v]));
