import { command } from "../command.ts";
import { updateAchievement } from "../schemas.ts";
import { updateItem } from "../profileItems.ts";

export default command({
  name: "updateFreelancerAchievement",
  input: updateAchievement,
  write: true,
  run: (ctx, input) => updateItem(ctx, "achievement", input),
});
