// A call from inside a request to another service (ctx.call): it carries the caller, the trace and the request's
// deadline (the call waits no longer than its own timeout nor past that), and its request id derives from the
// request's, so a redelivered request repeats the same call and the receiver answers it from its request log
// instead of running it twice.
import type { Static, TSchema } from "@sinclair/typebox";
import type { CommandContract } from "./commandContract.ts";
import { derivedId } from "./derivedId.ts";
import type { RequestMeta } from "./envelope.ts";
import type { RpcClient } from "./rpc.ts";

export type NestedCall = <I extends TSchema, O extends TSchema>(
  contract: CommandContract<I, O>,
  input: Static<I>,
) => Promise<Static<O>>;

export function nestedCall(rpc: RpcClient, meta: RequestMeta): NestedCall {
  return (contract, input) =>
    rpc.call(contract.service, contract.command, input, {
      caller: meta.caller,
      traceId: meta.traceId,
      requestId: derivedId(meta.idempotencyKey, contract.service, contract.command),
      deadline: meta.deadline || undefined,
    });
}
