import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "freelancerGetPhoto",
  input: empty,
  run: async (ctx) => ({ photoLink: (await me(ctx, "FREELANCER")).photo_link }),
});
