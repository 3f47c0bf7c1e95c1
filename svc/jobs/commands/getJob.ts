import { cachedJob, command } from "../command.ts";
import { requireRole } from "../../runtime/command.ts";
import { jobId } from "../schemas.ts";

export default command({
  name: "getJob",
  input: jobId,
  async run(ctx, { id }) {
    requireRole(ctx);
    return cachedJob(ctx, id);
  },
});
