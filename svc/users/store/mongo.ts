// The users store on MongoDB (USERS_STORE=mongo), the seed's choice: one `users` collection, one document per
// account with its profile items embedded. Every change is one atomic update ($set, $push, $pull, $addToSet)
// on one document, never a read-modify-write.
import {
  MongoClient,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
  MongoOperationTimeoutError,
  type Collection,
  type Db,
} from "mongodb";
import { conflict, unavailable, type AppError } from "../../runtime/errors.ts";
import type { ExternalStore } from "../../runtime/externalStore.ts";
import { derivedId } from "../../runtime/derivedId.ts";
import { translatingErrors } from "../../runtime/storeErrors.ts";
import type { Logger } from "../../runtime/log.ts";
import { itemKinds, pickColumns, type UsersStore } from "../store.ts";
import {
  adminOnInsert,
  itemChangesToSet,
  itemLists,
  newItemDocument,
  newUserDocument,
  patchToSet,
  toItemRow,
  toUserRow,
  type UserDocument,
} from "./userDocument.ts";

export interface MongoSettings {
  url: string;
  database: string;
}

/**
 * The indexes the queries need: every lookup is by `_id` except login and registration, which look up by
 * `email_key` (unique: an email is one account's, whatever its letter case). Items are matched inside the
 * one document found by `_id`, so they need no index of their own.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  await db
    .collection<UserDocument>("users")
    .createIndex({ email_key: 1 }, { unique: true, name: "users_email_unique" });
}

export async function openMongoUsersStore(settings: MongoSettings, log: Logger): Promise<ExternalStore<UsersStore>> {
  // A timeout written in the URL wins; otherwise a start-up against an absent server fails within 5 s.
  const timeout = /[?&]serverSelectionTimeoutMS=/i.test(settings.url) ? {} : { serverSelectionTimeoutMS: 5000 };
  const client = new MongoClient(settings.url, { ...timeout, appName: "workup-users" });
  try {
    await client.connect();
    const db = client.db(settings.database);
    await ensureIndexes(db);
    log.info("mongodb ready", { database: settings.database });
    const users = db.collection<UserDocument>("users");
    return { kind: "mongo", bind: (_sql, requestId) => mongoUsersStore(users, requestId), close: () => client.close() };
  } catch (err) {
    await client.close().catch(() => {});
    throw new Error(
      `MongoDB at ${redacted(settings.url)} (database ${settings.database}) is not usable: ${(err as Error).message}`,
    );
  }
}

/** The URL without its password, for messages. */
export const redacted = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

/** Driver errors as the runtime's: a duplicate email is 409, an unreachable server 503. */
export function mongoError(err: unknown): AppError | null {
  if (err instanceof MongoServerError && err.code === 11000)
    return conflict("This email is already registered", "email");
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoOperationTimeoutError
  ) {
    return unavailable("The users database (MongoDB) is unavailable; try again shortly");
  }
  return null;
}

/** The store of one request: its writes are idempotent by `requestId` (MongoDB writes are outside its transaction). */
export function mongoUsersStore(users: Collection<UserDocument>, requestId: string): UsersStore {
  const after = { returnDocument: "after" as const };
  const store: UsersStore = {
    async findByEmail(email) {
      const doc = await users.findOne({ email_key: email.toLowerCase() });
      return doc && toUserRow(doc);
    },
    async findById(id) {
      const doc = await users.findOne({ _id: id });
      return doc && toUserRow(doc);
    },
    async insert(user) {
      const doc = newUserDocument(user, crypto.randomUUID(), requestId, new Date());
      try {
        await users.insertOne(doc);
        return toUserRow(doc);
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        // The email is taken: by this very request (redelivered after it wrote), or by another account.
        const existing = await users.findOne({ email_key: user.email.toLowerCase() });
        return existing?.created_by_request === requestId ? toUserRow(existing) : null;
      }
    },
    async upsertAdmin(email, passwordHash) {
      await users.updateOne(
        { email_key: email.toLowerCase() },
        {
          $set: { password_hash: passwordHash, role: "ADMIN" },
          $setOnInsert: { ...adminOnInsert(crypto.randomUUID(), new Date()), email },
        },
        { upsert: true },
      );
    },
    async update(id, patch) {
      const set = patchToSet(patch);
      if (!Object.keys(set).length) return this.findById(id);
      const doc = await users.findOneAndUpdate({ _id: id }, { $set: set }, after);
      return doc && toUserRow(doc);
    },
    async setDisabled(id, disabled) {
      const doc = await users.findOneAndUpdate({ _id: id }, { $set: { disabled } }, after);
      return doc && toUserRow(doc);
    },
    async remove(id) {
      return (await users.deleteOne({ _id: id })).deletedCount > 0;
    },
    async addToList(id, column, value) {
      const doc = await users.findOneAndUpdate(
        { _id: id },
        { $addToSet: { [column]: value } },
        { ...after, projection: { [column]: 1 } },
      );
      return doc ? (doc[column] ?? []) : null;
    },
    async removeFromList(id, column, value) {
      const doc = await users.findOneAndUpdate(
        { _id: id },
        { $pull: { [column]: value } },
        { ...after, projection: { [column]: 1 } },
      );
      return doc ? (doc[column] ?? []) : null;
    },
    async listItems(kind, freelancerId) {
      const list = itemLists[kind];
      const doc = await users.findOne({ _id: freelancerId }, { projection: { [list]: 1 } });
      return (doc?.[list] ?? []).map((item) => toItemRow(kind, item));
    },
    async addItem(kind, freelancerId, fields) {
      const list = itemLists[kind];
      const item = newItemDocument(
        kind,
        derivedId(requestId, kind),
        pickColumns(fields, itemKinds[kind].columns),
        new Date(),
      );
      // Pushed only if this request's item is not there yet: a redelivered request adds it once.
      await users.updateOne({ _id: freelancerId, [`${list}.id`]: { $ne: item.id } }, { $push: { [list]: item } });
      const doc = await users.findOne(
        { _id: freelancerId },
        { projection: { [list]: { $elemMatch: { id: item.id } } } },
      );
      return toItemRow(kind, doc?.[list]?.[0] ?? item);
    },
    async updateItem(kind, freelancerId, id, fields) {
      const list = itemLists[kind];
      const changes = pickColumns(fields, itemKinds[kind].columns);
      const owned = { _id: freelancerId, [`${list}.id`]: id };
      const doc = Object.keys(changes).length
        ? await users.findOneAndUpdate(
            owned,
            { $set: itemChangesToSet(kind, changes) },
            { ...after, projection: { [list]: 1 } },
          )
        : await users.findOne(owned, { projection: { [list]: 1 } });
      const item = doc?.[list]?.find((i) => i.id === id);
      return item ? toItemRow(kind, item) : null;
    },
    async removeItem(kind, freelancerId, id) {
      const list = itemLists[kind];
      const result = await users.updateOne({ _id: freelancerId, [`${list}.id`]: id }, { $pull: { [list]: { id } } });
      return result.modifiedCount > 0;
    },
  };
  return translatingErrors(store, mongoError);
}
