// The admin account comes from ADMIN_EMAIL / ADMIN_PASSWORD (never hard-coded; dev defaults only outside production).
import { hashPassword, verifyPassword } from "./password.ts";
import type { Sql } from "postgres";
import type { UsersStore } from "./store.ts";
import { env, isProduction } from "../runtime/config.ts";
import type { Logger } from "../runtime/log.ts";

const devPassword = "workup-admin-dev";

export async function seedAdmin(_sql: Sql, log: Logger, store: UsersStore): Promise<void> {
  const email = env("ADMIN_EMAIL", isProduction() ? "" : "admin@workup.local");
  const password = env("ADMIN_PASSWORD", isProduction() ? "" : devPassword);
  if (isProduction() && password === devPassword) {
    log.error("ADMIN_PASSWORD is the public development default; admin not seeded");
    return;
  }
  if (!email || !password) {
    log.warn("no admin account: set ADMIN_EMAIL and ADMIN_PASSWORD");
    return;
  }
  const existing = await store.findByEmail(email);
  if (existing?.role === "ADMIN" && (await verifyPassword(password, existing.password_hash))) return;
  if (existing && existing.role !== "ADMIN") {
    log.error("ADMIN_EMAIL belongs to a client or freelancer account; admin not seeded", { email });
    return;
  }
  await store.upsertAdmin(email, await hashPassword(password));
  log.info("admin account ready", { email });
}
