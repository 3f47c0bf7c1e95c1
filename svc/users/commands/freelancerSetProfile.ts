import { calendarDay, command, me, requireFreeEmail } from "../command.ts";
import { freelancerSetProfile } from "../schemas.ts";
import { freelancerProfile } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";

// Fields left out keep their value; null clears an optional one.
export default command({
  name: "freelancerSetProfile",
  input: freelancerSetProfile,
  write: true,
  async run(ctx, input) {
    const freelancer = await me(ctx, "FREELANCER");
    await requireFreeEmail(ctx, input.email, freelancer);
    const user = await ctx.store.update(freelancer.id, {
      email: input.email,
      full_name: input.fullName,
      city: input.city,
      job_title: input.jobTitle,
      description: input.description,
      birth_date: calendarDay(input.birthDate, "birthDate"),
    });
    if (!user) throw notFound("User not found");
    return freelancerProfile(user);
  },
});
