import { command, readableContract } from "../command.ts";
import { contractId } from "../schemas.ts";

export default command({
  name: "getContract",
  input: contractId,
  run: (ctx, input) => readableContract(ctx, input.id),
});
