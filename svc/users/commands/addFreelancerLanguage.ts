import { command, me } from "../command.ts";
import { newLanguage } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// Adding a language the freelancer already has changes nothing and answers the list (201, as any add).
export default command({
  name: "addFreelancerLanguage",
  input: newLanguage,
  write: true,
  async run(ctx, input) {
    const freelancer = await me(ctx, "FREELANCER");
    const languages = await ctx.store.addToList(freelancer.id, "languages", input.newLanguage.trim());
    if (!languages) throw notFound("User not found");
    return { languages };
  },
});
