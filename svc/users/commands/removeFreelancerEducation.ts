import { command } from "../command.ts";
import { removeEducation } from "../schemas.ts";
import { removeItem } from "../profileItems.ts";

export default command({
  name: "removeFreelancerEducation",
  input: removeEducation,
  write: true,
  run: (ctx, input) => removeItem(ctx, "education", input.educationId),
});
