import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "freelancerGetResume",
  input: empty,
  run: async (ctx) => ({ resumeLink: (await me(ctx, "FREELANCER")).resume_link }),
});
