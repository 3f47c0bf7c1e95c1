import { command, me } from "../command.ts";
import { resume } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

export default command({
  name: "freelancerSetResume",
  input: resume,
  write: true,
  async run(ctx, input) {
    const user = await ctx.store.update((await me(ctx, "FREELANCER")).id, { resume_link: input.resumeLink });
    if (!user) throw notFound("User not found");
    return { resumeLink: user.resume_link };
  },
});
