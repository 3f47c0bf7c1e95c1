// Binds the jobs store type into command modules and holds what several jobs commands share.
import { commandFor, type CommandContext } from "../runtime/command.ts";
import { notFound } from "../runtime/errors.ts";
import { exactDecimal } from "../runtime/money.ts";
import { calendarDay } from "../runtime/calendarDay.ts";
import type { JobsStore, MilestoneRow } from "./store.ts";
import { jobView, type JobView } from "./views.ts";

export const command = commandFor<JobsStore>();
export type Ctx = CommandContext<JobsStore>;

export const cacheTtlSeconds = 60;
export { jobKey, proposalsKey, searchKey } from "./cacheKeys.ts";
import { jobKey } from "./cacheKeys.ts";

/** The job as the API shows it, through the cache; 404 when it does not exist. */
export async function cachedJob(ctx: Ctx, jobId: string): Promise<JobView> {
  const job = await ctx.cache.getOrLoad(jobKey(jobId), cacheTtlSeconds, async () => {
    const row = await ctx.store.findJob(jobId);
    return row ? jobView(row) : null;
  });
  if (!job) throw notFound("Job not found");
  return job;
}

/** Milestones as stored: exact amounts, due dates that exist on the calendar. */
export const milestoneRows = (
  milestones: { description: string; amount: number | string; dueDate: string }[],
): MilestoneRow[] =>
  milestones.map((m, i) => ({
    description: m.description.trim(),
    amount: exactDecimal(m.amount, `milestones.${i}.amount`),
    dueDate: calendarDay(m.dueDate, `milestones.${i}.dueDate`),
  }));
