import { command, me } from "../command.ts";
import { removeLanguage } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// Removing a language the freelancer does not have is a no-op answering 200 with the list (the end state is what was
// asked).
export default command({
  name: "removeFreelancerLanguage",
  input: removeLanguage,
  write: true,
  async run(ctx, input) {
    const freelancer = await me(ctx, "FREELANCER");
    const languages = await ctx.store.removeFromList(freelancer.id, "languages", input.languageToRemove.trim());
    if (!languages) throw notFound("User not found");
    return { languages };
  },
});
