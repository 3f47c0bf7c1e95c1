import { command, identity } from "../command.ts";
import { hashPassword } from "../password.ts";
import { clientRegister } from "../schemas.ts";
import { conflict } from "../../runtime/errors.ts";

export default command({
  name: "clientRegister",
  input: clientRegister,
  write: true,
  async run(ctx, input) {
    const user = await ctx.store.insert({
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: "CLIENT",
      client_name: input.clientName,
      industry: input.industry,
      city: input.city,
      client_description: input.description,
      employee_count: input.employeeCount,
    });
    if (!user) throw conflict("This email is already registered", "email");
    return identity(user);
  },
});
