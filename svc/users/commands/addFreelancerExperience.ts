import { command } from "../command.ts";
import { experience } from "../schemas.ts";
import { addItem } from "../profileItems.ts";

export default command({
  name: "addFreelancerExperience",
  input: experience,
  write: true,
  run: (ctx, input) => addItem(ctx, "experience", input),
});
