import { callerAs, command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentTransactionView } from "../views.ts";

export default command({
  name: "getClientPaymentTransactions",
  input: empty,
  async run(ctx) {
    const clientId = callerAs(ctx, "CLIENT");
    return { transactions: (await ctx.store.transactionsOfClient(clientId)).map(paymentTransactionView) };
  },
});
