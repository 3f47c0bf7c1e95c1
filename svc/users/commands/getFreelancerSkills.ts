import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "getFreelancerSkills",
  input: empty,
  run: async (ctx) => ({ skills: (await me(ctx, "FREELANCER")).skills }),
});
