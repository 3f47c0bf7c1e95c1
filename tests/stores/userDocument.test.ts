// How an account is one MongoDB document, checked without a server: the rows the Mongo store answers have the
// PostgreSQL store's shape, and the update documents change what they should.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { UsersStore } from "../../svc/users/store.ts";
import { usersStore } from "../../svc/users/store/postgres.ts";
import {
  itemChangesToSet,
  newItemDocument,
  newUserDocument,
  patchToSet,
  toItemRow,
  toUserRow,
  adminOnInsert,
} from "../../svc/users/store/userDocument.ts";
import { uniqueEmail } from "../support/api.ts";
import { freshDatabase } from "./targets.ts";

const now = new Date("2026-01-02T03:04:05.678Z");

describe("an account as a MongoDB document", () => {
  let pg: UsersStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase("users");
    pg = usersStore(db.sql);
    drop = db.drop;
  }, 60_000);
  afterAll(() => drop?.(), 30_000);

  it("reads back as the same row the PostgreSQL store gives for the same account", async () => {
    const user = {
      email: uniqueEmail("Same"),
      passwordHash: "h",
      role: "FREELANCER" as const,
      full_name: "Fran",
      birth_date: "1990-02-28",
      city: null,
    };
    const fromPg = (await pg.insert(user))!;
    const fromDoc = toUserRow(newUserDocument(user, fromPg.id, "r", fromPg.created_at));
    const { created_by_request, ...row } = fromDoc;
    expect(created_by_request).toBe("r");
    expect(row).toEqual(fromPg);
  });

  it("reads an item back as the PostgreSQL store gives it: id first, every column, dates as UTC midnight", async () => {
    const f = (await pg.insert({ email: uniqueEmail("items"), passwordHash: "h", role: "FREELANCER" }))!;
    const fields = { company_name: "Acme", employment_start: "2020-01-31", city: "Cairo" };
    const fromPg = await pg.addItem("experience", f.id, fields);
    const fromDoc = toItemRow("experience", newItemDocument("experience", fromPg.id as string, fields, now));
    expect(Object.keys(fromDoc)).toEqual(Object.keys(fromPg));
    expect(fromDoc).toEqual(fromPg);
  });

  it("keys the email in lower case, for the unique index, and keeps it in step when the email changes", () => {
    const doc = newUserDocument({ email: "Ada@Example.COM", passwordHash: "h", role: "CLIENT" }, "id", "r", now);
    expect(doc).toMatchObject({
      _id: "id",
      email: "Ada@Example.COM",
      email_key: "ada@example.com",
      skills: [],
      achievements: [],
    });
    expect(patchToSet({ email: "New@Example.com", city: undefined, industry: null, birth_date: "2000-01-01" })).toEqual(
      {
        email: "New@Example.com",
        email_key: "new@example.com",
        industry: null,
        birth_date: new Date("2000-01-01T00:00:00.000Z"),
      },
    );
    expect(patchToSet({})).toEqual({});
  });

  it("sets an item's changes on the matched item only, dates as days", () => {
    expect(itemChangesToSet("education", { school_name: "MIT", end_date: "2020-06-30", grade: null })).toEqual({
      "educations.$.school_name": "MIT",
      "educations.$.end_date": new Date("2020-06-30T00:00:00.000Z"),
      "educations.$.grade": null,
    });
  });

  it("creates the admin's document with empty lists and no email of its own (the upsert sets it)", () => {
    const doc = adminOnInsert("id", now);
    expect(doc).toMatchObject({ _id: "id", skills: [], languages: [], achievements: [], city: null });
    expect("email" in doc).toBe(false);
  });
});
