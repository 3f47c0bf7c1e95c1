import { command, me } from "../command.ts";
import { removeSkill } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// Removing a skill the freelancer does not have is a no-op answering 200 with the list (the end state is what was
// asked).
export default command({
  name: "removeFreelancerSkill",
  input: removeSkill,
  write: true,
  async run(ctx, input) {
    const freelancer = await me(ctx, "FREELANCER");
    const skills = await ctx.store.removeFromList(freelancer.id, "skills", input.skillToRemove.trim());
    if (!skills) throw notFound("User not found");
    return { skills };
  },
});
