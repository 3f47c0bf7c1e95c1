// Binds the users store type into command modules and holds what several users commands share.
import { commandFor, requireRole, type CommandContext } from "../runtime/command.ts";
import { AppError, conflict, forbidden, notFound } from "../runtime/errors.ts";
import type { Role } from "../runtime/envelope.ts";
import type { UsersStore, UserRow } from "./store.ts";

export const command = commandFor<UsersStore>();
export type Ctx = CommandContext<UsersStore>;

/** The caller's own account (requireRole, then it must exist with that role); a deleted or disabled account is 401. */
export async function me(ctx: Ctx, role: Role): Promise<UserRow> {
  const caller = requireRole(ctx, role);
  const user = await ctx.store.findById(caller.id);
  if (!user || user.role !== role) throw new AppError("unauthorized", "This account no longer exists");
  if (user.disabled) throw new AppError("unauthorized", "This account is disabled");
  return user;
}

/** Tells every gateway replica that an account changed (svc/runtime/announcements.ts; gw/accountChanges.ts). */
export const announceAccount = (ctx: Ctx, userId: string, change: "deleted" | "disabled" | "enabled") =>
  ctx.announce("accounts", { userId, change });

/** An account an admin may delete or disable: it exists and is not an admin. */
export async function manageableAccount(ctx: Ctx, userId: string): Promise<UserRow> {
  requireRole(ctx, "ADMIN");
  const user = await ctx.store.findById(userId);
  if (!user) throw notFound("No account with this id");
  if (user.role === "ADMIN") throw forbidden("An admin account cannot be deleted or disabled here");
  return user;
}

/** What login and registration answer; the gateway turns it into a token. */
export const identity = (u: UserRow) => ({ userId: u.id, email: u.email, role: u.role });

/** An email may move to another account only when no account (of any role) holds it yet. */
export async function requireFreeEmail(ctx: Ctx, email: string | undefined, self: UserRow): Promise<void> {
  if (email === undefined || email.toLowerCase() === self.email.toLowerCase()) return;
  if (await ctx.store.findByEmail(email)) throw conflict("This email is already registered", "email");
}

export { calendarDay } from "../runtime/calendarDay.ts";
