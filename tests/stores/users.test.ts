// The users store's behaviour, the same on every store (PostgreSQL, and MongoDB when MONGO_URL answers).
import { expect, it } from "bun:test";
import { MongoClient } from "mongodb";
import type { UsersStore } from "../../svc/users/store.ts";
import { usersStore } from "../../svc/users/store/postgres.ts";
import { openMongoUsersStore } from "../../svc/users/store/mongo.ts";
import { newNamespace } from "../support/stack.ts";
import { uniqueEmail } from "../support/api.ts";
import { describeStores, isConflict, refusal, requestId } from "./suite.ts";
import { freshDatabase, quietLog, type StoreTarget } from "./targets.ts";

const targets: StoreTarget<UsersStore>[] = [
  {
    kind: "postgres",
    transactional: true,
    async open() {
      const db = await freshDatabase("users");
      return { store: () => usersStore(db.sql), close: db.drop };
    },
  },
  {
    kind: "mongo",
    transactional: false,
    async open() {
      const url = process.env.MONGO_URL!;
      const database = `${newNamespace()}_users`;
      const opened = await openMongoUsersStore({ url, database }, quietLog);
      return {
        store: (rid) => opened.bind(null as never, rid),
        async close() {
          await opened.close();
          const client = new MongoClient(url);
          try {
            await client.db(database).dropDatabase();
          } finally {
            await client.close();
          }
        },
      };
    },
  },
];

const client = async (s: UsersStore, extra = {}) =>
  (await s.insert({
    email: uniqueEmail("client"),
    passwordHash: "hash",
    role: "CLIENT",
    client_name: "Acme",
    ...extra,
  }))!;
const freelancer = async (s: UsersStore, extra = {}) =>
  (await s.insert({
    email: uniqueEmail("freelancer"),
    passwordHash: "hash",
    role: "FREELANCER",
    full_name: "Fran",
    ...extra,
  }))!;

await describeStores("users", targets, ({ store, target }) => {
  it("creates an account and finds it by id and by its email in any letter case", async () => {
    const created = await client(store(), { city: "Cairo", employee_count: 12 });
    expect(created).toMatchObject({
      role: "CLIENT",
      client_name: "Acme",
      city: "Cairo",
      employee_count: 12,
      skills: [],
      languages: [],
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.created_at).toBeInstanceOf(Date);
    expect((await store().findById(created.id))?.email).toBe(created.email);
    expect((await store().findByEmail(created.email.toUpperCase()))?.id).toBe(created.id);
    expect(await store().findById(crypto.randomUUID())).toBeNull();
    expect(await store().findByEmail(uniqueEmail("nobody"))).toBeNull();
  });

  it("refuses a second account with the same email in another letter case (null: the email is taken)", async () => {
    const first = await client(store());
    expect(
      await store().insert({ email: first.email.toUpperCase(), passwordHash: "h", role: "FREELANCER" }),
    ).toBeNull();
  });

  it("stores a birth date as the day it is (UTC midnight)", async () => {
    const f = await freelancer(store(), { birth_date: "1990-02-28" });
    expect((await store().findById(f.id))!.birth_date!.toISOString()).toBe("1990-02-28T00:00:00.000Z");
  });

  it("changes only the fields given; null clears a field", async () => {
    const c = await client(store(), { city: "Cairo", industry: "Tech" });
    const updated = await store().update(c.id, { city: null, industry: undefined, client_description: "We build" });
    expect(updated).toMatchObject({
      city: null,
      industry: "Tech",
      client_description: "We build",
      client_name: "Acme",
    });
    expect(await store().findById(c.id)).toMatchObject({
      city: null,
      industry: "Tech",
      client_description: "We build",
    });
    expect((await store().update(c.id, {}))?.id).toBe(c.id);
  });

  it("moves an account to a new email: the new one finds it, the old one no longer does", async () => {
    const c = await client(store());
    const email = uniqueEmail("moved");
    await store().update(c.id, { email });
    expect((await store().findByEmail(email))?.id).toBe(c.id);
    expect(await store().findByEmail(c.email)).toBeNull();
  });

  it("refuses to move an account to an email another account has", async () => {
    const [a, b] = [await client(store()), await client(store())];
    expect(isConflict(await refusal(store().update(a.id, { email: b.email.toUpperCase() })))).toBe(true);
  });

  it("answers null when the account to change does not exist", async () => {
    expect(await store().update(crypto.randomUUID(), { city: "X" })).toBeNull();
    expect(await store().addToList(crypto.randomUUID(), "skills", "Go")).toBeNull();
    expect(await store().removeFromList(crypto.randomUUID(), "skills", "Go")).toBeNull();
  });

  it("adds a skill once even when it is added many times at once, and removes it", async () => {
    const f = await freelancer(store());
    await Promise.all(Array.from({ length: 10 }, () => store().addToList(f.id, "skills", "TypeScript")));
    await store().addToList(f.id, "skills", "Go");
    expect((await store().findById(f.id))!.skills).toEqual(["TypeScript", "Go"]);
    expect(await store().removeFromList(f.id, "skills", "TypeScript")).toEqual(["Go"]);
    expect(await store().removeFromList(f.id, "skills", "Rust")).toEqual(["Go"]);
  });

  it("keeps every language added concurrently (atomic updates, no lost writes)", async () => {
    const f = await freelancer(store());
    const names = Array.from({ length: 12 }, (_, i) => `lang-${i}`);
    await Promise.all(names.map((n) => store().addToList(f.id, "languages", n)));
    expect([...(await store().findById(f.id))!.languages].sort()).toEqual([...names].sort());
  });

  it("adds profile items with an id and every column (null when not given), listed oldest first", async () => {
    const f = await freelancer(store());
    const first = await store().addItem("education", f.id, {
      school_name: "GUC",
      education_start_date: "2015-09-01",
      grade: "A",
    });
    const second = await store().addItem("education", f.id, { school_name: "MIT" });
    expect(Object.keys(first)).toEqual([
      "id",
      "school_name",
      "degree",
      "education_start_date",
      "city",
      "end_date",
      "major",
      "education_description",
      "grade",
    ]);
    expect(first).toMatchObject({ school_name: "GUC", degree: null, grade: "A", end_date: null });
    expect((first.education_start_date as Date).toISOString()).toBe("2015-09-01T00:00:00.000Z");
    const list = await store().listItems("education", f.id);
    expect(list.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(list[0]).toEqual(first);
    expect(await store().listItems("achievement", f.id)).toEqual([]);
  });

  it("keeps every item added concurrently", async () => {
    const f = await freelancer(store());
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => store().addItem("achievement", f.id, { achievement_name: `award ${i}` })),
    );
    expect((await store().listItems("achievement", f.id)).map((i) => i.achievement_name).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `award ${i}`).sort(),
    );
  });

  it("changes only the owner's item and only the fields given; null clears one", async () => {
    const [owner, other] = [await freelancer(store()), await freelancer(store())];
    const item = await store().addItem("experience", owner.id, {
      company_name: "Acme",
      city: "Cairo",
      employment_start: "2020-01-01",
    });
    expect(await store().updateItem("experience", other.id, item.id as string, { city: "Giza" })).toBeNull();
    const updated = await store().updateItem("experience", owner.id, item.id as string, {
      city: null,
      job_title: "Engineer",
      employment_end: "2021-12-31",
    });
    expect(updated).toMatchObject({ id: item.id, company_name: "Acme", city: null, job_title: "Engineer" });
    expect((updated!.employment_end as Date).toISOString()).toBe("2021-12-31T00:00:00.000Z");
    expect(await store().updateItem("experience", owner.id, item.id as string, {})).toEqual(updated);
    expect(await store().updateItem("experience", owner.id, crypto.randomUUID(), { city: "X" })).toBeNull();
  });

  it("removes only the owner's item", async () => {
    const [owner, other] = [await freelancer(store()), await freelancer(store())];
    const keep = await store().addItem("achievement", owner.id, { achievement_name: "keep" });
    const drop = await store().addItem("achievement", owner.id, { achievement_name: "drop" });
    expect(await store().removeItem("achievement", other.id, drop.id as string)).toBe(false);
    expect(await store().removeItem("achievement", owner.id, drop.id as string)).toBe(true);
    expect(await store().removeItem("achievement", owner.id, drop.id as string)).toBe(false);
    expect((await store().listItems("achievement", owner.id)).map((i) => i.id)).toEqual([keep.id]);
  });

  it("creates the admin account once and updates its password by email", async () => {
    const email = uniqueEmail("admin");
    await store().upsertAdmin(email, "first");
    await store().upsertAdmin(email.toUpperCase(), "second");
    const admin = await store().findByEmail(email);
    expect(admin).toMatchObject({ role: "ADMIN", password_hash: "second", email, skills: [], languages: [] });
  });

  // Only stores outside the request's transaction see a request twice (a redelivery after a crash mid-write).
  it.skipIf(target.transactional)("adds an item once when the same request adds it twice", async () => {
    const f = await freelancer(store());
    const rid = requestId();
    const a = await store(rid).addItem("achievement", f.id, { achievement_name: "once" });
    const b = await store(rid).addItem("achievement", f.id, { achievement_name: "once" });
    expect(b.id).toBe(a.id);
    expect(await store().listItems("achievement", f.id)).toHaveLength(1);
  });

  it.skipIf(target.transactional)("marks an account with the request that created it", async () => {
    const rid = requestId();
    const created = (await store(rid).insert({ email: uniqueEmail("mark"), passwordHash: "h", role: "CLIENT" }))!;
    expect((await store().findByEmail(created.email))?.created_by_request).toBe(rid);
    expect((await store(rid).insert({ email: created.email, passwordHash: "h", role: "CLIENT" }))?.id).toBe(created.id);
  });
});
