// The users service's storage (PostgreSQL). Row shapes stay here; commands see plain objects.
import type { Sql } from "postgres";
import type { Role } from "../runtime/envelope.ts";

export interface UserRow {
  id: string; email: string; password_hash: string; role: Role; created_at: Date;
  city: string | null; photo_link: string | null;
  client_name: string | null; industry: string | null; client_description: string | null; employee_count: number | null;
  full_name: string | null; job_title: string | null; description: string | null; birth_date: Date | null;
  resume_link: string | null; skills: string[]; languages: string[];
}

/** Profile items of a freelancer: table, the columns a client may set, and which of them are dates. */
export const itemKinds = {
  achievement: { table: "achievements", columns: ["achievement_name", "awarded_by", "achievement_description", "award_date"], dates: ["award_date"] },
  education: { table: "educations", columns: ["school_name", "degree", "education_start_date", "city", "end_date", "major", "education_description", "grade"], dates: ["education_start_date", "end_date"] },
  experience: { table: "experiences", columns: ["company_name", "job_title", "employment_start", "employment_end", "experience_description", "city"], dates: ["employment_start", "employment_end"] },
} as const;
export type ItemKind = keyof typeof itemKinds;
export type ListColumn = "skills" | "languages";

const userColumns = ["email", "city", "photo_link", "client_name", "industry", "client_description", "employee_count",
  "full_name", "job_title", "description", "birth_date", "resume_link"] as const;
export type UserPatch = Partial<Record<(typeof userColumns)[number], string | number | null>>;

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function usersStore(sql: Sql) {
  return {
    async findByEmail(email: string): Promise<UserRow | null> {
      const [row] = await sql<UserRow[]>`select * from users where lower(email) = lower(${email})`;
      return row ?? null;
    },
    async findById(id: string): Promise<UserRow | null> {
      const [row] = await sql<UserRow[]>`select * from users where id = ${id}`;
      return row ?? null;
    },
    async insert(user: { email: string; passwordHash: string; role: Role } & UserPatch): Promise<UserRow> {
      const { email, passwordHash, role, ...profile } = user;
      const row = { id: crypto.randomUUID(), email, password_hash: passwordHash, role, ...defined(profile) };
      const [created] = await sql<UserRow[]>`insert into users ${sql(row)} returning *`;
      return created;
    },
    /** Upsert by email (the admin account from configuration). */
    async upsertAdmin(email: string, passwordHash: string): Promise<void> {
      await sql`insert into users (id, email, password_hash, role) values (${crypto.randomUUID()}, ${email}, ${passwordHash}, 'ADMIN')
                on conflict (lower(email)) do update set password_hash = excluded.password_hash, role = 'ADMIN'`;
    },
    async update(id: string, patch: UserPatch): Promise<UserRow | null> {
      const changes = defined(patch);
      if (!Object.keys(changes).length) return this.findById(id);
      const [row] = await sql<UserRow[]>`update users set ${sql(changes)} where id = ${id} returning *`;
      return row ?? null;
    },
    /** Adds a value unless present (atomic, so concurrent adds cannot duplicate); the new list, null when the user does not exist. */
    async addToList(id: string, column: ListColumn, value: string): Promise<string[] | null> {
      const [row] = await sql<{ list: string[] }[]>`update users set ${sql(column)} = case when ${value} = any(${sql(column)}) then ${sql(column)} else array_append(${sql(column)}, ${value}) end
                             where id = ${id} returning ${sql(column)} as list`;
      return row?.list ?? null;
    },
    /** The new list, null when the user does not exist. */
    async removeFromList(id: string, column: ListColumn, value: string): Promise<string[] | null> {
      const [row] = await sql<{ list: string[] }[]>`update users set ${sql(column)} = array_remove(${sql(column)}, ${value}) where id = ${id} returning ${sql(column)} as list`;
      return row?.list ?? null;
    },
    async listItems(kind: ItemKind, freelancerId: string): Promise<Record<string, unknown>[]> {
      const { table, columns } = itemKinds[kind];
      return sql`select id, ${sql(columns as unknown as string[])} from ${sql(table)} where freelancer_id = ${freelancerId} order by created_at, id`;
    },
    async addItem(kind: ItemKind, freelancerId: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
      const { table, columns } = itemKinds[kind];
      const row = { id: crypto.randomUUID(), freelancer_id: freelancerId, ...pick(fields, columns) };
      const [created] = await sql`insert into ${sql(table)} ${sql(row)} returning id, ${sql(columns as unknown as string[])}`;
      return created;
    },
    /** Only the owner's item changes; null when it is not theirs or does not exist. */
    async updateItem(kind: ItemKind, freelancerId: string, id: string, fields: Record<string, unknown>): Promise<Record<string, unknown> | null> {
      const { table, columns } = itemKinds[kind];
      const changes = pick(fields, columns);
      const [row] = Object.keys(changes).length
        ? await sql`update ${sql(table)} set ${sql(changes)} where id = ${id} and freelancer_id = ${freelancerId} returning id, ${sql(columns as unknown as string[])}`
        : await sql`select id, ${sql(columns as unknown as string[])} from ${sql(table)} where id = ${id} and freelancer_id = ${freelancerId}`;
      return row ?? null;
    },
    async removeItem(kind: ItemKind, freelancerId: string, id: string): Promise<boolean> {
      const { table } = itemKinds[kind];
      const rows = await sql`delete from ${sql(table)} where id = ${id} and freelancer_id = ${freelancerId} returning id`;
      return rows.length > 0;
    },
  };
}

function pick(fields: Record<string, unknown>, columns: readonly string[]) {
  return Object.fromEntries(columns.filter((c) => fields[c] !== undefined).map((c) => [c, fields[c]]));
}

export type UsersStore = ReturnType<typeof usersStore>;
