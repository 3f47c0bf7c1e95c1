// The users store on PostgreSQL (the default): one table of accounts, one per kind of profile item.
import type { Sql } from "postgres";
import { defined, itemKinds, pickColumns, type ItemRow, type UserRow, type UsersStore } from "../store.ts";
import { postgresError, translatingErrors } from "../../runtime/storeErrors.ts";

export function usersStore(sql: Sql): UsersStore {
  return translatingErrors(
    {
      async findByEmail(email) {
        const [row] = await sql<UserRow[]>`select * from users where lower(email) = lower(${email})`;
        return row ?? null;
      },
      async findById(id) {
        const [row] = await sql<UserRow[]>`select * from users where id = ${id}`;
        return row ?? null;
      },
      // The request's transaction makes the insert happen once: the request id is not needed here.
      async insert(user) {
        const { email, passwordHash, role, ...profile } = user;
        const row = { id: crypto.randomUUID(), email, password_hash: passwordHash, role, ...defined(profile) };
        const [created] = await sql<UserRow[]>`insert into users ${sql(row)}
                                             on conflict (lower(email)) do nothing returning *`;
        return created ?? null;
      },
      async upsertAdmin(email, passwordHash) {
        await sql`insert into users (id, email, password_hash, role)
          values (${crypto.randomUUID()}, ${email}, ${passwordHash}, 'ADMIN')
                on conflict (lower(email)) do update set password_hash = excluded.password_hash, role = 'ADMIN'`;
      },
      async update(id, patch) {
        const changes = defined(patch);
        if (!Object.keys(changes).length) return this.findById(id);
        const [row] = await sql<UserRow[]>`update users set ${sql(changes)} where id = ${id} returning *`;
        return row ?? null;
      },
      async setDisabled(id, disabled) {
        const [row] = await sql<UserRow[]>`update users set disabled = ${disabled} where id = ${id} returning *`;
        return row ?? null;
      },
      async remove(id) {
        const rows = await sql`delete from users where id = ${id} returning id`;
        return rows.length > 0;
      },
      async addToList(id, column, value) {
        const [row] = await sql<
          { list: string[] }[]
        >`update users set ${sql(column)} = case when ${value} = any(${sql(column)}) then ${sql(column)}
          else array_append(${sql(column)}, ${value}) end
                             where id = ${id} returning ${sql(column)} as list`;
        return row?.list ?? null;
      },
      async removeFromList(id, column, value) {
        const [row] = await sql<
          { list: string[] }[]
        >`update users set ${sql(column)} = array_remove(${sql(column)}, ${value}) where id = ${id}
          returning ${sql(column)} as list`;
        return row?.list ?? null;
      },
      async listItems(kind, freelancerId) {
        const { table, columns } = itemKinds[kind];
        return sql<
          ItemRow[]
        >`select id, ${sql(columns as unknown as string[])} from ${sql(table)} where freelancer_id = ${freelancerId}
          order by created_at, id`;
      },
      async addItem(kind, freelancerId, fields) {
        const { table, columns } = itemKinds[kind];
        const row = { id: crypto.randomUUID(), freelancer_id: freelancerId, ...pickColumns(fields, columns) };
        const [created] = await sql<
          ItemRow[]
        >`insert into ${sql(table)} ${sql(row)} returning id, ${sql(columns as unknown as string[])}`;
        return created;
      },
      async updateItem(kind, freelancerId, id, fields) {
        const { table, columns } = itemKinds[kind];
        const changes = pickColumns(fields, columns);
        const [row] = Object.keys(changes).length
          ? await sql<
              ItemRow[]
            >`update ${sql(table)} set ${sql(changes)} where id = ${id} and freelancer_id = ${freelancerId}
              returning id, ${sql(columns as unknown as string[])}`
          : await sql<ItemRow[]>`select id, ${sql(columns as unknown as string[])} from ${sql(table)} where id = ${id}
              and freelancer_id = ${freelancerId}`;
        return row ?? null;
      },
      async removeItem(kind, freelancerId, id) {
        const { table } = itemKinds[kind];
        const rows =
          await sql`delete from ${sql(table)} where id = ${id} and freelancer_id = ${freelancerId} returning id`;
        return rows.length > 0;
      },
    },
    postgresError,
  );
}
