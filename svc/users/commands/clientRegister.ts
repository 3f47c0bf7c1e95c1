import { command, identity } from "../command.ts";
import { hashPassword } from "../password.ts";
import { clientRegister } from "../schemas.ts";
import { conflict } from "../../runtime/errors.ts";

export default command({
  name: "clientRegister",
  input: clientRegister,
  write: true,
  async run(ctx, input) {
    // An account this very request created (redelivered, with a store outside the transaction) is carried on.
    const existing = await ctx.store.findByEmail(input.email);
    if (existing && existing.created_by_request !== ctx.requestId) throw conflict("This email is already registered", "email");
    const user = existing ?? await ctx.store.insert({
      email: input.email, passwordHash: await hashPassword(input.password), role: "CLIENT",
      client_name: input.clientName, industry: input.industry, city: input.city,
      client_description: input.description, employee_count: input.employeeCount,
    }, ctx.requestId);
    return identity(user);
  },
});
