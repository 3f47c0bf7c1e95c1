import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentTransactionView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getFreelancerPaymentTransactions",
  input: empty,
  async run(ctx) {
    const freelancerId = requireRole(ctx, "FREELANCER").id;
    return { transactions: (await ctx.store.transactionsOfFreelancer(freelancerId)).map(paymentTransactionView) };
  },
});
