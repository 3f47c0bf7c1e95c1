import { command, me } from "../command.ts";
import { newSkill } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// Adding a skill the freelancer already has changes nothing and answers the list (201, as any add).
export default command({
  name: "addFreelancerSkill",
  input: newSkill,
  write: true,
  async run(ctx, input) {
    const freelancer = await me(ctx, "FREELANCER");
    const skills = await ctx.store.addToList(freelancer.id, "skills", input.newSkill.trim());
    if (!skills) throw notFound("User not found");
    return { skills };
  },
});
