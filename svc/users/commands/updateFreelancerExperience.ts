import { command } from "../command.ts";
import { updateExperience } from "../schemas.ts";
import { updateItem } from "../profileItems.ts";

export default command({
  name: "updateFreelancerExperience",
  input: updateExperience,
  write: true,
  run: (ctx, input) => updateItem(ctx, "experience", input),
});
