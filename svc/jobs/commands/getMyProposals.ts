import { callerAs, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { proposalView } from "../views.ts";

/** Every proposal of the calling freelancer, newest first. */
export default command({
  name: "getMyProposals",
  input: empty,
  async run(ctx) {
    const freelancer = callerAs(ctx, "FREELANCER");
    return (await ctx.store.proposalsOfFreelancer(freelancer.id)).map(proposalView);
  },
});
