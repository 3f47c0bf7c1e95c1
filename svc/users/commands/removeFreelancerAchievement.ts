import { command } from "../command.ts";
import { removeAchievement } from "../schemas.ts";
import { removeItem } from "../profileItems.ts";

export default command({
  name: "removeFreelancerAchievement",
  input: removeAchievement,
  write: true,
  run: (ctx, input) => removeItem(ctx, "achievement", input.achievementId),
});
