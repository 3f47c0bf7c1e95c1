import { command, me, requireFreeEmail } from "../command.ts";
import { clientSetProfile } from "../schemas.ts";
import { clientProfile } from "../views.ts";
import { notFound } from "../../runtime/errors.ts";

// Fields left out keep their value; null clears an optional one.
export default command({
  name: "clientSetProfile",
  input: clientSetProfile,
  write: true,
  async run(ctx, input) {
    const client = await me(ctx, "CLIENT");
    await requireFreeEmail(ctx, input.email, client);
    const user = await ctx.store.update(client.id, {
      client_name: input.name,
      email: input.email,
      city: input.city,
      client_description: input.description,
      industry: input.industry,
      employee_count: input.employeeCount,
    });
    if (!user) throw notFound("User not found");
    return clientProfile(user);
  },
});
