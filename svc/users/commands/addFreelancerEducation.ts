import { command } from "../command.ts";
import { education } from "../schemas.ts";
import { addItem } from "../profileItems.ts";

export default command({
  name: "addFreelancerEducation",
  input: education,
  write: true,
  run: (ctx, input) => addItem(ctx, "education", input),
});
