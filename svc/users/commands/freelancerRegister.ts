import { calendarDay, command, identity } from "../command.ts";
import { hashPassword } from "../password.ts";
import { freelancerRegister } from "../schemas.ts";
import { conflict } from "../../runtime/errors.ts";
import { paymentsCommands } from "../../payments/schemas.ts";

export default command({
  name: "freelancerRegister",
  input: freelancerRegister,
  write: true,
  async run(ctx, input) {
    const user = await ctx.store.insert({
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: "FREELANCER",
      full_name: input.fullName,
      job_title: input.jobTitle,
      city: input.city,
      birth_date: calendarDay(input.birthDate, "birthDate"),
    });
    if (!user) throw conflict("This email is already registered", "email");
    // The wallet is created through the outbox: delivered to payments once it runs, exactly once (keyed by user).
    await ctx.outbox.send(paymentsCommands.createWallet, { freelancerId: user.id });
    return identity(user);
  },
});
