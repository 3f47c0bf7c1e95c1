import { command, me } from "../command.ts";
import { empty } from "../schemas.ts";
import { clientProfile } from "../views.ts";

export default command({
  name: "clientGetProfile",
  input: empty,
  run: async (ctx) => clientProfile(await me(ctx, "CLIENT")),
});
