// The durable overrides of a service (table control_overrides in its own database): what the controller changed,
// so a replica that starts later (autoscaler, restart) applies the same before it consumes.
import type { Database } from "../db.ts";

export interface OverrideStore {
  all(): Promise<Map<string, unknown>>;
  put(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export const commandKey = (name: string) => `command:${name}`;

export function overrideStore(db: Database): OverrideStore {
  // Every replica that applies an operation writes the same value: the upsert is idempotent.
  const saving = async (key: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (err) {
      throw new Error(
        `applied on this replica, but the override "${key}" could not be saved: ${(err as Error).message}`,
      );
    }
  };
  return {
    async all() {
      const rows = await db.withConnection((sql) => sql`select key, value from control_overrides order by key`);
      return new Map(rows.map((r) => [r.key as string, r.value as unknown]));
    },
    put: (key, value) =>
      saving(key, () =>
        db.withConnection(
          (sql) => sql`
      insert into control_overrides (key, value) values (${key}, ${sql.json(value as never)})
      on conflict (key) do update set value = excluded.value, updated_at = now()`,
        ),
      ),
    remove: (key) =>
      saving(key, () => db.withConnection((sql) => sql`delete from control_overrides where key = ${key}`)),
  };
}
