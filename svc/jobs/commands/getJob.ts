import { cachedJob, command } from "../command.ts";
import { requireCaller } from "../../runtime/command.ts";
import { jobId } from "../schemas.ts";

export default command({
  name: "getJob",
  input: jobId,
  async run(ctx, { id }) {
    requireCaller(ctx);
    return cachedJob(ctx, id);
  },
});
