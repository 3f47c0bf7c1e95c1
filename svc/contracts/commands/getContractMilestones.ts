import { command, readableContract } from "../command.ts";
import { contractId } from "../schemas.ts";

export default command({
  name: "getContractMilestones",
  input: contractId,
  run: async (ctx, input) => ({ milestones: (await readableContract(ctx, input.id)).milestones }),
});
