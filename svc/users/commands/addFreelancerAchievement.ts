import { command } from "../command.ts";
import { achievement } from "../schemas.ts";
import { addItem } from "../profileItems.ts";

export default command({
  name: "addFreelancerAchievement",
  input: achievement,
  write: true,
  run: (ctx, input) => addItem(ctx, "achievement", input),
});
