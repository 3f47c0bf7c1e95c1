// The payments service: payment requests, payment transactions, freelancer wallets.
import { runService, stopOnSignals, commandsDirOf, schemaFileOf, type ServiceDefinition } from "./runtime/service.ts";
import { paymentsStore, type PaymentsStore } from "./payments/store.ts";

export const payments: ServiceDefinition<PaymentsStore> = {
  name: "payments",
  commandsDir: commandsDirOf(import.meta.url, "payments"),
  schemaFile: schemaFileOf(import.meta.url, "payments"),
  store: paymentsStore,
};

if (import.meta.main) stopOnSignals(await runService(payments));
