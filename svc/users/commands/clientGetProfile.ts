import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "clientGetProfile",
  input: empty,
  async run(ctx) {
    const u = await me(ctx, "CLIENT");
    return {
      id: u.id, name: u.client_name, email: u.email, city: u.city, description: u.client_description,
      industry: u.industry, employeeCount: u.employee_count, createdAt: u.created_at,
    };
  },
});
