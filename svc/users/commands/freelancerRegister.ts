import { calendarDay, command, identity } from "../command.ts";
import { hashPassword } from "../password.ts";
import { freelancerRegister } from "../schemas.ts";
import { conflict } from "../../runtime/errors.ts";

export default command({
  name: "freelancerRegister",
  input: freelancerRegister,
  write: true,
  async run(ctx, input) {
    if (await ctx.store.findByEmail(input.email)) throw conflict("This email is already registered", "email");
    const user = await ctx.store.insert({
      email: input.email, passwordHash: await hashPassword(input.password), role: "FREELANCER",
      full_name: input.fullName, job_title: input.jobTitle, city: input.city, birth_date: calendarDay(input.birthDate, "birthDate"),
    });
    // The wallet is created through the outbox: delivered to payments once it runs, exactly once (keyed by user).
    await ctx.outbox.send("payments", "createWallet", { freelancerId: user.id });
    return identity(user);
  },
});
