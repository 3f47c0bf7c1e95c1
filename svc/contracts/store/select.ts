// Which store holds the contracts: CONTRACTS_STORE=postgres (default, the service's PostgreSQL database) or cassandra.
import { cassandraSettings } from "../../runtime/cassandra.ts";
import { chosenStore, type ExternalStore } from "../../runtime/externalStore.ts";
import type { Logger } from "../../runtime/log.ts";
import type { ContractsStore } from "../store.ts";
import { openCassandraContractsStore } from "./cassandra.ts";

/** Null when the contracts stay on PostgreSQL. */
export async function openContractsStore(
  namespace: string,
  log: Logger,
): Promise<ExternalStore<ContractsStore> | null> {
  if (chosenStore("contracts", ["postgres", "cassandra"] as const) === "postgres") return null;
  return openCassandraContractsStore(cassandraSettings("contracts", namespace), log);
}
