import { command } from "../command.ts";
import { updateEducation } from "../schemas.ts";
import { updateItem } from "../profileItems.ts";

export default command({
  name: "updateFreelancerEducation",
  input: updateEducation,
  write: true,
  run: (ctx, input) => updateItem(ctx, "education", input),
});
