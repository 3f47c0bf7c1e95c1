import { command, searchKey } from "../command.ts";
import { centsToDecimal, toCents } from "../../runtime/money.ts";
import { invalid } from "../../runtime/errors.ts";
import { searchJobs, defaultPageLimit } from "../schemas.ts";
import { decodePagingState, encodePagingState } from "../pagingState.ts";
import { jobView } from "../views.ts";

const maxSkills = 20;
const searchTtlSeconds = 60;
const hashOf = (value: unknown) =>
  new Bun.CryptoHasher("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 22);

/** "React, node.js" -> ["react", "node.js"]: the skills filter is case-insensitive. */
function skillList(skills: string | undefined): string[] {
  const list = [
    ...new Set(
      (skills ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (list.length > maxSkills) throw invalid(`skills: at most ${maxSkills} skills`, "skills");
  return list;
}

/** Public ranked full-text search over active jobs, with the original's paging contract. */
export default command({
  name: "searchJobs",
  input: searchJobs,
  async run(ctx, input) {
    const limit = input.pageLimit ? Number(input.pageLimit) : defaultPageLimit;
    const minCents = input.minBudget === undefined ? undefined : toCents(input.minBudget, "minBudget");
    const maxCents = input.maxBudget === undefined ? undefined : toCents(input.maxBudget, "maxBudget");
    if (minCents !== undefined && maxCents !== undefined && minCents > maxCents) {
      throw invalid("maxBudget must not be less than minBudget", "maxBudget");
    }
    const minBudget = minCents === undefined ? undefined : centsToDecimal(minCents);
    const maxBudget = maxCents === undefined ? undefined : centsToDecimal(maxCents);
    const after = input.pagingState ? decodePagingState(input.pagingState) : null;
    const filters = {
      query: (input.query ?? "").trim(),
      skills: skillList(input.skills),
      experience: input.experience,
      minBudget,
      maxBudget,
    };
    // Repeated searches come from the cache until a job write bumps the search generation (createJob,
    // acceptProposal); "none" means the cache cannot be trusted now, so search the database.
    const generation = await ctx.cache.generation(searchKey);
    const search = async () => {
      const rows = await ctx.store.searchJobs(filters, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        jobs: page.map(jobView),
        pagingState:
          rows.length > limit ? encodePagingState({ rank: last.rank, at: last.cursor_at, id: last.id }) : null,
      };
    };
    if (generation === "none") return search();
    const key = `${searchKey}:${generation}:${hashOf({ ...filters, after, limit })}`;
    return ctx.cache.getOrLoad(key, searchTtlSeconds, search);
  },
});
