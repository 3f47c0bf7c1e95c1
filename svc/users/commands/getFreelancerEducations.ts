import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { listItems } from "../profileItems.ts";

export default command({
  name: "getFreelancerEducations",
  input: empty,
  run: (ctx) => listItems(ctx, "education"),
});
