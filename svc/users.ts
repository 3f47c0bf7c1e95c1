// The users service: accounts, login, client and freelancer profiles.
import { runService, stopOnSignals, commandsDirOf, schemaFileOf, type ServiceDefinition } from "./runtime/service.ts";
import type { UsersStore } from "./users/store.ts";
import { usersStore } from "./users/store/postgres.ts";
import { openUsersStore } from "./users/store/select.ts";
import { seedAdmin } from "./users/seedAdmin.ts";

export const users: ServiceDefinition<UsersStore> = {
  name: "users",
  commandsDir: commandsDirOf(import.meta.url, "users"),
  schemaFile: schemaFileOf(import.meta.url, "users"),
  store: usersStore,
  openStore: openUsersStore,
  onStart: seedAdmin,
};

if (import.meta.main) stopOnSignals(await runService(users));
