import { command } from "../command.ts";
import { freelancerId } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

// A freelancer's resume link for another service that has checked the caller may see it (jobs: the client of a job
// the freelancer sent a proposal to). Internal: no route reaches it.
export default command({
  name: "resumeOfFreelancer",
  input: freelancerId,
  internal: true,
  async run(ctx, { freelancerId }) {
    const user = await ctx.store.findById(freelancerId);
    if (user?.role !== "FREELANCER") throw notFound("Freelancer not found");
    return { freelancerId, resumeLink: user.resume_link };
  },
});
