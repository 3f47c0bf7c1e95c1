// The contracts service: contracts from accepted proposals, the milestone state machine, terminations, the
// printable PDF. Starts with no contracts (every seed replica inserted a dummy contract at start-up).
import { runService, stopOnSignals, commandsDirOf, schemaFileOf, type ServiceDefinition } from "./runtime/service.ts";
import type { ContractsStore } from "./contracts/store.ts";
import { contractsStore } from "./contracts/store/postgres.ts";
import { openContractsStore } from "./contracts/store/select.ts";
import { contractsConfig, type ContractsConfig } from "./contracts/config.ts";

export const contracts: ServiceDefinition<ContractsStore, ContractsConfig> = {
  name: "contracts",
  config: contractsConfig,
  commandsDir: commandsDirOf(import.meta.url, "contracts"),
  schemaFile: schemaFileOf(import.meta.url, "contracts"),
  store: contractsStore,
  openStore: openContractsStore,
};

if (import.meta.main) stopOnSignals(await runService(contracts));
