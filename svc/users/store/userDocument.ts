// How an account is one MongoDB document: the profile, skills and languages as arrays, and the profile items
// (achievements, educations, experiences) as embedded sub-documents with their own `id`. Pure functions: no driver.
import {
  itemKinds,
  userColumns,
  type ItemKind,
  type ItemRow,
  type NewUser,
  type UserPatch,
  type UserRow,
} from "../store.ts";
import type { Role } from "../../runtime/envelope.ts";

/** The array of sub-documents holding one kind of item. */
export const itemLists = { achievement: "achievements", education: "educations", experience: "experiences" } as const;

export type ItemDocument = Record<string, unknown> & { id: string; created_at: Date };

export interface UserDocument {
  /** The user id: a UUID string (other services and the JWT take UUIDs), not an ObjectId. */
  _id: string;
  email: string;
  /** The email in lower case: the unique index makes an email one account's whatever its letter case. */
  email_key: string;
  password_hash: string;
  role: Role;
  created_at: Date;
  created_by_request: string | null;
  city: string | null;
  photo_link: string | null;
  client_name: string | null;
  industry: string | null;
  client_description: string | null;
  employee_count: number | null;
  full_name: string | null;
  job_title: string | null;
  description: string | null;
  birth_date: Date | null;
  resume_link: string | null;
  skills: string[];
  languages: string[];
  disabled?: boolean;
  achievements: ItemDocument[];
  educations: ItemDocument[];
  experiences: ItemDocument[];
}

/** "YYYY-MM-DD" as the Date PostgreSQL would give for a `date` column (UTC midnight); null and undefined kept. */
export function dayToDate(value: unknown): Date | null | undefined {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value;
  return new Date(`${String(value).slice(0, 10)}T00:00:00.000Z`);
}

const dateColumns = new Set<string>(["birth_date"]);

/** `$set` of a profile patch: undefined fields untouched, dates as Date, the email's key kept in step. */
export function patchToSet(patch: UserPatch): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const column of userColumns) {
    const value = patch[column];
    if (value === undefined) continue;
    set[column] = dateColumns.has(column) ? dayToDate(value) : value;
  }
  if (typeof set.email === "string") set.email_key = set.email.toLowerCase();
  return set;
}

export function newUserDocument(user: NewUser, id: string, requestId: string, now: Date): UserDocument {
  const { email, passwordHash, role, ...profile } = user;
  const blank = Object.fromEntries(userColumns.map((c) => [c, null])) as Record<(typeof userColumns)[number], null>;
  return {
    ...blank,
    ...patchToSet(profile),
    _id: id,
    email,
    email_key: email.toLowerCase(),
    password_hash: passwordHash,
    role,
    created_at: now,
    created_by_request: requestId,
    skills: [],
    languages: [],
    achievements: [],
    educations: [],
    experiences: [],
  } as UserDocument;
}

/** The admin account's document when the upsert creates it (its email and password are `$set` separately). */
export function adminOnInsert(id: string, now: Date): Record<string, unknown> {
  const blank = Object.fromEntries(userColumns.filter((c) => c !== "email").map((c) => [c, null]));
  return {
    ...blank,
    _id: id,
    created_at: now,
    created_by_request: null,
    skills: [],
    languages: [],
    achievements: [],
    educations: [],
    experiences: [],
  };
}

export function toUserRow(doc: Partial<UserDocument> & { _id: string }): UserRow {
  const value = <K extends keyof UserDocument>(k: K) => (doc[k] ?? null) as UserDocument[K];
  return {
    id: doc._id,
    email: value("email"),
    password_hash: value("password_hash"),
    role: value("role"),
    created_at: value("created_at"),
    city: value("city"),
    photo_link: value("photo_link"),
    client_name: value("client_name"),
    industry: value("industry"),
    client_description: value("client_description"),
    employee_count: value("employee_count"),
    full_name: value("full_name"),
    job_title: value("job_title"),
    description: value("description"),
    birth_date: value("birth_date"),
    resume_link: value("resume_link"),
    skills: doc.skills ?? [],
    languages: doc.languages ?? [],
    disabled: doc.disabled === true,
    created_by_request: value("created_by_request"),
  };
}

/** A new item: its id, every column of the kind (null when not given; dates as Date), and when it was added. */
export function newItemDocument(kind: ItemKind, id: string, fields: Record<string, unknown>, now: Date): ItemDocument {
  const { columns, dates } = itemKinds[kind];
  const item: ItemDocument = { id, created_at: now };
  for (const c of columns)
    item[c] = (dates as readonly string[]).includes(c) ? (dayToDate(fields[c]) ?? null) : (fields[c] ?? null);
  return item;
}

/** `$set` of an item's changes through the positional operator (the item matched in the filter). */
export function itemChangesToSet(kind: ItemKind, changes: Record<string, unknown>): Record<string, unknown> {
  const { dates } = itemKinds[kind];
  const list = itemLists[kind];
  return Object.fromEntries(
    Object.entries(changes).map(([c, v]) => [
      `${list}.$.${c}`,
      (dates as readonly string[]).includes(c) ? dayToDate(v) : v,
    ]),
  );
}

/** What the store answers for an item: `id`, then the kind's columns in order (as the PostgreSQL store does). */
export function toItemRow(kind: ItemKind, item: Record<string, unknown>): ItemRow {
  const row: ItemRow = { id: item.id };
  for (const c of itemKinds[kind].columns) row[c] = item[c] ?? null;
  return row;
}
