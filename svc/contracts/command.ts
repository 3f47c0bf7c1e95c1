// Binds the contracts store type into command modules and holds what several contracts commands share:
// cache keys, who may see or change a contract, and taking the row locks of a state change in one order.
import { commandFor, requireRole, type CommandContext } from "../runtime/command.ts";
import { conflict, forbidden, notFound } from "../runtime/errors.ts";
import type { Caller } from "../runtime/envelope.ts";
import type { ContractRow, ContractsStore, MilestoneRow } from "./store.ts";
import { contractView, type ContractView } from "./views.ts";
import type { ContractsConfig } from "./config.ts";

export const command = commandFor<ContractsStore, ContractsConfig>();
export type Ctx = CommandContext<ContractsStore, ContractsConfig>;

export const cacheTtlSeconds = 60;
/** Every write that changes what a key holds drops it (after its commit). */
export { cacheKeys } from "./cacheKeys.ts";
import { cacheKeys } from "./cacheKeys.ts";

export interface Parties {
  clientId: string;
  freelancerId: string;
}
export const partiesOf = (c: ContractRow): Parties => ({ clientId: c.client_id, freelancerId: c.freelancer_id });

/** The caller, who must be one of the contract's two parties or an admin. */
export function requireReader(ctx: Ctx, parties: Parties): Caller {
  const caller = requireRole(ctx);
  if (caller.role !== "ADMIN" && caller.id !== parties.clientId && caller.id !== parties.freelancerId) {
    throw forbidden("Only the contract's client and freelancer can see it");
  }
  return caller;
}

export function requireActive(contract: ContractRow): void {
  if (contract.status !== "ACTIVE") throw conflict(`The contract is ${contract.status}: nothing on it can change`);
}

/** The contract with its milestones (cached), if the caller may read it. */
export async function readableContract(ctx: Ctx, id: string): Promise<ContractView> {
  const contract = await ctx.cache.getOrLoad(cacheKeys.contract(id), cacheTtlSeconds, async () => {
    const row = await ctx.store.findContract(id);
    return row ? contractView(row, await ctx.store.listMilestones(id)) : null;
  });
  if (!contract) throw notFound("No contract with this id");
  requireReader(ctx, contract);
  return contract;
}

/** Locks a milestone's contract, then the milestone (always in this order, so concurrent changes cannot deadlock). */
export async function lockMilestone(
  ctx: Ctx,
  milestoneId: string,
): Promise<{ contract: ContractRow; milestone: MilestoneRow }> {
  const found = await ctx.store.findMilestone(milestoneId);
  if (!found) throw notFound("No milestone with this id");
  const contract = (await ctx.store.lockContract(found.contract_id))!;
  const milestone = (await ctx.store.lockMilestone(milestoneId))!;
  return { contract, milestone };
}

/** A conditional change found the row changed since it was read (only stores without row locks can see this). */
export function changedMeanwhile(): never {
  throw conflict("This changed while it was being updated; try again");
}

/** Ends an active contract for its accepted termination request `requestId` and rejects its other pending requests. */
export async function terminateFor(ctx: Ctx, contract: ContractRow, requestId: string): Promise<void> {
  requireActive(contract);
  (await ctx.store.setContractStatus(contract, "TERMINATED")) ?? changedMeanwhile();
  await ctx.store.closePendingTerminations(contract.id, requestId);
  ctx.cache.invalidate(cacheKeys.contract(contract.id));
}

export function milestoneChanged(ctx: Ctx, m: MilestoneRow): void {
  ctx.cache.invalidate(cacheKeys.milestone(m.id), cacheKeys.contract(m.contract_id));
}
