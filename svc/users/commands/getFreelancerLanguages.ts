import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "getFreelancerLanguages",
  input: empty,
  run: async (ctx) => ({ languages: (await me(ctx, "FREELANCER")).languages }),
});
