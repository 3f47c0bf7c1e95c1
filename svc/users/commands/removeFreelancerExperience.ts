import { command } from "../command.ts";
import { removeExperience } from "../schemas.ts";
import { removeItem } from "../profileItems.ts";

export default command({
  name: "removeFreelancerExperience",
  input: removeExperience,
  write: true,
  run: (ctx, input) => removeItem(ctx, "experience", input.experienceId),
});
