import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { proposalView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

/** Every proposal of the calling freelancer, newest first. */
export default command({
  name: "getMyProposals",
  input: empty,
  async run(ctx) {
    const freelancer = requireRole(ctx, "FREELANCER");
    return (await ctx.store.proposalsOfFreelancer(freelancer.id)).map(proposalView);
  },
});
