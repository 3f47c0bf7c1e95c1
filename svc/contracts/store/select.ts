// Which store holds the contracts: CONTRACTS_STORE=postgres (default, the service's PostgreSQL database) or cassandra.
import { chosenStore, type ExternalStore } from "../../runtime/externalStore.ts";
import type { Logger } from "../../runtime/log.ts";
import type { ContractsStore } from "../store.ts";

/** Null when the contracts stay on PostgreSQL. */
export async function openContractsStore(
  namespace: string,
  log: Logger,
): Promise<ExternalStore<ContractsStore> | null> {
  if (chosenStore("contracts", ["postgres", "cassandra"] as const) === "postgres") return null;
  // Loaded only when chosen: the Cassandra driver is not needed to serve from PostgreSQL.
  const [{ cassandraSettings }, { openCassandraContractsStore }] = await Promise.all([
    import("../../runtime/cassandra.ts"),
    import("./cassandra.ts"),
  ]);
  return openCassandraContractsStore(cassandraSettings("contracts", namespace), log);
}
