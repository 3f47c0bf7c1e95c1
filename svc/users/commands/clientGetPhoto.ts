import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";

export default command({
  name: "clientGetPhoto",
  input: empty,
  run: async (ctx) => ({ photoLink: (await me(ctx, "CLIENT")).photo_link }),
});
