// Internal (contracts -> payments, through contracts' outbox when a milestone is accepted). Idempotent on referenceId.
import { command, requestKeys } from "../command.ts";
import { createPaymentRequest } from "../schemas.ts";
import { paymentRequestView } from "../views.ts";
import { conflict } from "../../runtime/errors.ts";
import { exactDecimal } from "../../runtime/money.ts";

export default command({
  name: "createPaymentRequest",
  input: createPaymentRequest,
  write: true,
  internal: true,
  async run(ctx, input) {
    const amount = exactDecimal(input.amount);
    const created = await ctx.store.insertRequest({
      clientId: input.clientId,
      freelancerId: input.freelancerId,
      contractId: input.contractId ?? null,
      referenceId: input.referenceId,
      amount,
    });
    if (created) {
      ctx.cache.invalidate(...requestKeys(created));
      return paymentRequestView(created);
    }
    // A repeated delivery for the same milestone gets the existing request; different terms are a real conflict.
    const existing = (await ctx.store.findRequestByReference(input.referenceId))!;
    if (
      existing.client_id !== input.clientId ||
      existing.freelancer_id !== input.freelancerId ||
      existing.amount !== amount
    ) {
      throw conflict("A payment request with other terms already exists for this milestone", "referenceId");
    }
    return paymentRequestView(existing);
  },
});
