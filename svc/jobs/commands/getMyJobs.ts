import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { jobView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

/** Every job of the calling client, accepted (inactive) ones included, newest first. */
export default command({
  name: "getMyJobs",
  input: empty,
  async run(ctx) {
    const client = requireRole(ctx, "CLIENT");
    return (await ctx.store.jobsOfClient(client.id)).map(jobView);
  },
});
