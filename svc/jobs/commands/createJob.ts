import { command, searchKey } from "../command.ts";
import { exactDecimal } from "../../runtime/money.ts";
import { createJob } from "../schemas.ts";
import { jobView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

/** Skills trimmed, each once whatever its letter case (the first spelling wins). */
const distinctSkills = (skills: string[]) => {
  const seen = new Map<string, string>();
  for (const s of skills.map((x) => x.trim())) if (!seen.has(s.toLowerCase())) seen.set(s.toLowerCase(), s);
  return [...seen.values()];
};

export default command({
  name: "createJob",
  input: createJob,
  write: true,
  async run(ctx, input) {
    const client = requireRole(ctx, "CLIENT");
    const job = await ctx.store.insertJob({
      clientId: client.id,
      title: input.title.trim(),
      description: input.description,
      location: input.location ?? null,
      budget: exactDecimal(input.budget, "budget"),
      skills: distinctSkills(input.skills ?? []),
      experience: input.experience,
    });
    ctx.cache.invalidate(searchKey); // searches now find it
    return jobView(job);
  },
});
