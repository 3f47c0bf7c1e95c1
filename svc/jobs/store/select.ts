// Which store holds the jobs: JOBS_STORE=postgres (default, the service's PostgreSQL database) or cassandra.
import { cassandraSettings } from "../../runtime/cassandra.ts";
import { chosenStore, type ExternalStore } from "../../runtime/externalStore.ts";
import type { Logger } from "../../runtime/log.ts";
import type { JobsStore } from "../store.ts";
import { openCassandraJobsStore } from "./cassandra.ts";

/** Null when the jobs stay on PostgreSQL. */
export async function openJobsStore(namespace: string, log: Logger): Promise<ExternalStore<JobsStore> | null> {
  if (chosenStore("jobs", ["postgres", "cassandra"] as const) === "postgres") return null;
  return openCassandraJobsStore(cassandraSettings("jobs", namespace), log);
}
