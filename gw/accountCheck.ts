// Is the token's account still there? The users service answers (its accountStatus command); a 401 from it
// means the account is gone. Users unreachable or slow: "unknown", and the request goes on (the other services
// keep working while users is down; gw/auth.ts asks again about that token 10 s later).
import type { AccountCheck } from "./auth.ts";
import type { RpcClient } from "../svc/runtime/rpc.ts";
import type { Logger } from "../svc/runtime/log.ts";
import { usersCommands } from "../svc/users/schemas.ts";

export function usersAccountCheck(rpc: RpcClient, log: Logger, timeoutMs = 2000): AccountCheck {
  return async (caller) => {
    const { service, command } = usersCommands.accountStatus;
    const reply = await rpc.request(service, command, {}, { caller, timeoutMs });
    if (reply.ok) return "active";
    if (reply.error.status === 401) return "gone";
    log.debug("account not checked", { userId: caller.id, error: reply.error.message });
    return "unknown";
  };
}
