import { callerAs, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentTransactionView } from "../views.ts";

export default command({
  name: "getFreelancerPaymentTransactions",
  input: empty,
  async run(ctx) {
    const freelancerId = callerAs(ctx, "FREELANCER");
    return { transactions: (await ctx.store.transactionsOfFreelancer(freelancerId)).map(paymentTransactionView) };
  },
});
