// Achievements, educations and experiences: the same four operations over the caller's own items.
// Every read and write is scoped to the caller: another freelancer's item is indistinguishable from a missing one
// (404).
import { calendarDay, me, type Ctx } from "./command.ts";
import { itemKinds, type ItemKind } from "./store.ts";
import { itemView } from "./views.ts";
import { notFound } from "../runtime/errors.ts";

const listNames = { achievement: "achievements", education: "educations", experience: "experiences" } as const;
const listTtlSeconds = 60;

/** Cache key of one freelancer's list of one kind; every write to that list drops it. */
export const itemsKey = (kind: ItemKind, freelancerId: string) => `${listNames[kind]}:${freelancerId}`;

type Fields = Record<string, unknown>;

function withCalendarDays(kind: ItemKind, fields: Fields, inputName = (column: string) => column): Fields {
  const out = { ...fields };
  for (const column of itemKinds[kind].dates)
    out[column] = calendarDay(out[column] as string | null | undefined, inputName(column));
  return out;
}

export async function listItems(ctx: Ctx, kind: ItemKind) {
  const freelancer = await me(ctx, "FREELANCER");
  const items = await ctx.cache.getOrLoad(itemsKey(kind, freelancer.id), listTtlSeconds, async () =>
    (await ctx.store.listItems(kind, freelancer.id)).map(itemView),
  );
  return { [listNames[kind]]: items };
}

/** The created item, with its id. */
export async function addItem(ctx: Ctx, kind: ItemKind, input: Fields) {
  const freelancer = await me(ctx, "FREELANCER");
  const created = await ctx.store.addItem(kind, freelancer.id, withCalendarDays(kind, input));
  ctx.cache.invalidate(itemsKey(kind, freelancer.id));
  return itemView(created);
}

/** Input `{ <kind>_id, new_<column>… }`: only the fields given change. The updated item. */
export async function updateItem(ctx: Ctx, kind: ItemKind, input: Fields) {
  const freelancer = await me(ctx, "FREELANCER");
  const id = input[`${kind}_id`] as string;
  const changes = Object.fromEntries(itemKinds[kind].columns.map((c) => [c, input[`new_${c}`]]));
  const updated = await ctx.store.updateItem(
    kind,
    freelancer.id,
    id,
    withCalendarDays(kind, changes, (c) => `new_${c}`),
  );
  if (!updated) throw notFound(`You have no ${kind} ${id}`);
  ctx.cache.invalidate(itemsKey(kind, freelancer.id));
  return itemView(updated);
}

/** The list that remains. */
export async function removeItem(ctx: Ctx, kind: ItemKind, id: string) {
  const freelancer = await me(ctx, "FREELANCER");
  if (!(await ctx.store.removeItem(kind, freelancer.id, id))) throw notFound(`You have no ${kind} ${id}`);
  ctx.cache.invalidate(itemsKey(kind, freelancer.id));
  return { [listNames[kind]]: (await ctx.store.listItems(kind, freelancer.id)).map(itemView) };
}
