import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "freelancerGetProfileBrief",
  input: empty,
  async run(ctx) {
    const { email, full_name } = await me(ctx, "FREELANCER");
    return { email, fullName: full_name };
  },
});
