// Binds the users store type into command modules and holds what several users commands share.
import { commandFor, requireCaller, type CommandContext } from "../runtime/command.ts";
import { forbidden, notFound } from "../runtime/errors.ts";
import type { Role } from "../runtime/envelope.ts";
import type { UsersStore, UserRow } from "./store.ts";

export const command = commandFor<UsersStore>();
export type Ctx = CommandContext<UsersStore>;

/** The caller's own account, which must exist and have the role; 404 when it was deleted. */
export async function me(ctx: Ctx, role: Role): Promise<UserRow> {
  const caller = requireCaller(ctx);
  if (caller.role !== role) throw forbidden(`Only a ${role.toLowerCase()} can do this`);
  const user = await ctx.store.findById(caller.id);
  if (!user || user.role !== role) throw notFound("User not found");
  return user;
}

/** What login and registration answer; the gateway turns it into a token. */
export const identity = (u: UserRow) => ({ userId: u.id, email: u.email, role: u.role });
