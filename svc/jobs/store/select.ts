// Which store holds the jobs: JOBS_STORE=postgres (default, the service's PostgreSQL database) or cassandra.
import { chosenStore, type ExternalStore } from "../../runtime/externalStore.ts";
import type { Logger } from "../../runtime/log.ts";
import type { JobsStore } from "../store.ts";

/** Null when the jobs stay on PostgreSQL. */
export async function openJobsStore(namespace: string, log: Logger): Promise<ExternalStore<JobsStore> | null> {
  if (chosenStore("jobs", ["postgres", "cassandra"] as const) === "postgres") return null;
  // Loaded only when chosen: the Cassandra driver is not needed to serve from PostgreSQL.
  const [{ cassandraSettings }, { openCassandraJobsStore }] = await Promise.all([
    import("../../runtime/cassandra.ts"),
    import("./cassandra.ts"),
  ]);
  return openCassandraJobsStore(cassandraSettings("jobs", namespace), log);
}
