import { command, me } from "../command.ts";
import { photo } from "../schemas.ts";
import { notFound } from "../../runtime/errors.ts";

export default command({
  name: "freelancerSetPhoto",
  input: photo,
  write: true,
  async run(ctx, input) {
    const user = await ctx.store.update((await me(ctx, "FREELANCER")).id, { photo_link: input.photoLink });
    if (!user) throw notFound("User not found");
    return { photoLink: user.photo_link };
  },
});
