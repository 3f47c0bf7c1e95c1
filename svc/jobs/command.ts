// Binds the jobs store type into command modules and holds what several jobs commands share.
import { commandFor, requireCaller, type CommandContext } from "../runtime/command.ts";
import type { Caller, Role } from "../runtime/envelope.ts";
import { forbidden, notFound } from "../runtime/errors.ts";
import { centsToDecimal, toCents } from "../runtime/money.ts";
import { calendarDay } from "../runtime/calendarDay.ts";
import type { JobsStore, MilestoneRow } from "./store.ts";
import { jobView, type JobView } from "./views.ts";

export const command = commandFor<JobsStore>();
export type Ctx = CommandContext<JobsStore>;

export const cacheTtlSeconds = 60;
/** Cache keys; every write that changes what they hold invalidates them. */
export const jobKey = (jobId: string) => `job:${jobId}`;
export const proposalsKey = (jobId: string) => `proposals:${jobId}`;

/** The caller, who must have this role (the gateway checks it too; services may be called directly). */
export function callerAs(ctx: Ctx, role: Role): Caller {
  const caller = requireCaller(ctx);
  if (caller.role !== role) throw forbidden(`Only a ${role.toLowerCase()} can do this`);
  return caller;
}

/** The job as the API shows it, through the cache; 404 when it does not exist. */
export async function cachedJob(ctx: Ctx, jobId: string): Promise<JobView> {
  const job = await ctx.cache.getOrLoad(jobKey(jobId), cacheTtlSeconds, async () => {
    const row = await ctx.store.findJob(jobId);
    return row ? jobView(row) : null;
  });
  if (!job) throw notFound("Job not found");
  return job;
}

/** An API amount as the exact decimal string SQL and other services take; 400 naming the field otherwise. */
export const decimalOf = (amount: number | string, field: string) => centsToDecimal(toCents(amount, field));

/** Milestones as stored: exact amounts, due dates that exist on the calendar. */
export const milestoneRows = (milestones: { description: string; amount: number | string; dueDate: string }[]): MilestoneRow[] =>
  milestones.map((m, i) => ({
    description: m.description.trim(),
    amount: decimalOf(m.amount, `milestones.${i}.amount`),
    dueDate: calendarDay(m.dueDate, `milestones.${i}.dueDate`),
  }));

