// The jobs service: jobs, ranked search, proposals and accepting one.
import { runService, stopOnSignals, commandsDirOf, schemaFileOf, type ServiceDefinition } from "./runtime/service.ts";
import type { JobsStore } from "./jobs/store.ts";
import { jobsStore } from "./jobs/store/postgres.ts";
import { openJobsStore } from "./jobs/store/select.ts";

export const jobs: ServiceDefinition<JobsStore> = {
  name: "jobs",
  commandsDir: commandsDirOf(import.meta.url, "jobs"),
  schemaFile: schemaFileOf(import.meta.url, "jobs"),
  store: jobsStore,
  openStore: openJobsStore,
};

if (import.meta.main) stopOnSignals(await runService(jobs));
