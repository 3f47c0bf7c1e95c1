// Which store holds the users: USERS_STORE=postgres (default, the service's PostgreSQL database) or mongo.
import { env } from "../../runtime/config.ts";
import { chosenStore, type ExternalStore } from "../../runtime/externalStore.ts";
import type { Logger } from "../../runtime/log.ts";
import type { UsersStore } from "../store.ts";
import type { MongoSettings } from "./mongo.ts";

/** USERS_MONGO_URL, else MONGO_URL; the database defaults to <namespace>_users. */
export function mongoSettings(namespace: string): MongoSettings {
  return {
    url: env("USERS_MONGO_URL", env("MONGO_URL", "mongodb://127.0.0.1:27017")),
    database: env("USERS_MONGO_DATABASE", `${namespace}_users`),
  };
}

/** Null when the users stay on PostgreSQL. */
export async function openUsersStore(namespace: string, log: Logger): Promise<ExternalStore<UsersStore> | null> {
  if (chosenStore("users", ["postgres", "mongo"] as const) === "postgres") return null;
  // Loaded only when chosen: the MongoDB driver alone takes about 200 ms and 15 MB to load.
  const { openMongoUsersStore } = await import("./mongo.ts");
  return openMongoUsersStore(mongoSettings(namespace), log);
}
