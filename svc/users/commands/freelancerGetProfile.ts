import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";
import { freelancerProfile } from "../views.ts";

export default command({
  name: "freelancerGetProfile",
  input: empty,
  run: async (ctx) => freelancerProfile(await me(ctx, "FREELANCER")),
});
