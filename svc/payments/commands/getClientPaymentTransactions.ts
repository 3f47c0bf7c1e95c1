import { command } from "../command.ts";
import { empty } from "../schemas.ts";
import { paymentTransactionView } from "../views.ts";
import { requireRole } from "../../runtime/command.ts";

export default command({
  name: "getClientPaymentTransactions",
  input: empty,
  async run(ctx) {
    const clientId = requireRole(ctx, "CLIENT").id;
    return { transactions: (await ctx.store.transactionsOfClient(clientId)).map(paymentTransactionView) };
  },
});
