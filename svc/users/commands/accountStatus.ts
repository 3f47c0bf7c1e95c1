import { command, me } from "../command.ts";
import { requireRole } from "../../runtime/command.ts";

// Asked by the gateway when it first meets a token, and again a minute later: so the token of an account that
// no longer exists is refused on every service's routes (401), not only on the users service's own. No route.
export default command({
  name: "accountStatus",
  async run(ctx) {
    await me(ctx, requireRole(ctx).role);
    return { active: true };
  },
});
