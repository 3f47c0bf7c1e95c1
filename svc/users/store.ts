// The users service's storage as the commands see it: the UsersStore interface and plain row shapes.
// Implementations: store/postgres.ts (default) and store/mongo.ts (USERS_STORE=mongo); store/select.ts picks one.
import type { Role } from "../runtime/envelope.ts";

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: Date;
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
  /** Disabled by an admin: no login, tokens refused. */
  disabled: boolean;
  /** Stores outside the request's transaction only: the request that created the account (a redelivery resumes it). */
  created_by_request?: string | null;
}

/** Profile items of a freelancer: table, the columns a client may set, and which of them are dates. */
export const itemKinds = {
  achievement: {
    table: "achievements",
    columns: ["achievement_name", "awarded_by", "achievement_description", "award_date"],
    dates: ["award_date"],
  },
  education: {
    table: "educations",
    columns: [
      "school_name",
      "degree",
      "education_start_date",
      "city",
      "end_date",
      "major",
      "education_description",
      "grade",
    ],
    dates: ["education_start_date", "end_date"],
  },
  experience: {
    table: "experiences",
    columns: ["company_name", "job_title", "employment_start", "employment_end", "experience_description", "city"],
    dates: ["employment_start", "employment_end"],
  },
} as const;
export type ItemKind = keyof typeof itemKinds;
export type ListColumn = "skills" | "languages";

export const userColumns = [
  "email",
  "city",
  "photo_link",
  "client_name",
  "industry",
  "client_description",
  "employee_count",
  "full_name",
  "job_title",
  "description",
  "birth_date",
  "resume_link",
] as const;
/** Profile changes: undefined keeps a value, null clears it; dates as "YYYY-MM-DD". */
export type UserPatch = Partial<Record<(typeof userColumns)[number], string | number | null>>;
export type NewUser = { email: string; passwordHash: string; role: Role } & UserPatch;

/** A profile item: `id`, then every column of its kind (null when unset; dates as Date at UTC midnight). */
export type ItemRow = Record<string, unknown>;

export interface UsersStore {
  /** Case-insensitive: an email belongs to one account whatever its letter case. */
  findByEmail(email: string): Promise<UserRow | null>;
  findById(id: string): Promise<UserRow | null>;
  /**
   * The new account; null when the email (any letter case) is another account's. A request that already created it
   * (redelivered) gets that account again.
   */
  insert(user: NewUser): Promise<UserRow | null>;
  /** Upsert by email (the admin account from configuration). */
  upsertAdmin(email: string, passwordHash: string): Promise<void>;
  /** The updated user, null when it does not exist. */
  update(id: string, patch: UserPatch): Promise<UserRow | null>;
  /** The user, disabled or enabled again; null when it does not exist. */
  setDisabled(id: string, disabled: boolean): Promise<UserRow | null>;
  /** Deletes the account and its profile items; false when it did not exist. */
  remove(id: string): Promise<boolean>;
  /**
   * Adds a value unless present (atomic, so concurrent adds cannot duplicate); the new list, null when the user does
   * not exist.
   */
  addToList(id: string, column: ListColumn, value: string): Promise<string[] | null>;
  /** Removes every copy of the value; the new list, null when the user does not exist. */
  removeFromList(id: string, column: ListColumn, value: string): Promise<string[] | null>;
  /** The freelancer's items of one kind, oldest first. */
  listItems(kind: ItemKind, freelancerId: string): Promise<ItemRow[]>;
  /** The created item; a request that already added it (redelivered) gets that item again, not a second one. */
  addItem(kind: ItemKind, freelancerId: string, fields: Record<string, unknown>): Promise<ItemRow>;
  /** Only the owner's item changes; null when it is not theirs or does not exist. */
  updateItem(
    kind: ItemKind,
    freelancerId: string,
    id: string,
    fields: Record<string, unknown>,
  ): Promise<ItemRow | null>;
  /** False when the item is not the freelancer's or does not exist. */
  removeItem(kind: ItemKind, freelancerId: string, id: string): Promise<boolean>;
}

/** The item's columns that `fields` gives (undefined = not given). */
export function pickColumns(fields: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.filter((c) => fields[c] !== undefined).map((c) => [c, fields[c]]));
}

export const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
