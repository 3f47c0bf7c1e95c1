// The users service announces deleted, disabled and re-enabled accounts (topic "accounts"): every gateway replica
// hears it and refuses or re-checks that account's tokens at once, instead of at its next minute's check
// (gw/auth.ts). After a lost broker connection it may have missed some: every account is asked about again.
import { listen } from "../svc/runtime/announcements.ts";
import type { Broker } from "../svc/runtime/amqp.ts";
import type { Logger } from "../svc/runtime/log.ts";
import { accountChanged } from "./auth.ts";

export function followAccountChanges(broker: Broker, log: Logger): void {
  listen(broker, "accounts", log, {
    heard({ userId, change }) {
      if (typeof userId !== "string") return;
      accountChanged(userId, change !== "enabled");
      log.info("account changed", { userId, change });
    },
    subscribed: () => accountChanged(null, false),
  });
}
