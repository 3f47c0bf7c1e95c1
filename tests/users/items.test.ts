// Achievements, educations and experiences: add, update, remove, and who may touch them.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerFreelancer, type Account } from "../support/api.ts";

const { stack, api: a } = useStack({ services: ["users"], inProcess: true });

const base = "/api/v1/users/freelancer";
const kinds = [
  {
    kind: "achievement",
    path: "/achievements",
    list: "achievements",
    idField: "achievement_id",
    query: "achievementId",
    table: "achievements",
    create: {
      achievement_name: "Best paper",
      awarded_by: "ACM",
      achievement_description: "For a paper",
      award_date: "2021-06-15",
    },
    change: { new_achievement_name: "Best paper award" },
    changed: { achievement_name: "Best paper award" },
  },
  {
    kind: "education",
    path: "/education",
    list: "educations",
    idField: "education_id",
    query: "educationId",
    table: "educations",
    create: {
      school_name: "Cairo University",
      degree: "BSc",
      education_start_date: "2012-09-01",
      city: "Giza",
      end_date: "2016-06-30",
      major: "CS",
      education_description: "Systems",
      grade: "A",
    },
    change: { new_grade: "A+", new_end_date: "2016-07-01" },
    changed: { grade: "A+", end_date: "2016-07-01" },
  },
  {
    kind: "experience",
    path: "/experience",
    list: "experiences",
    idField: "experience_id",
    query: "experienceId",
    table: "experiences",
    create: {
      company_name: "Initech",
      job_title: "Engineer",
      employment_start: "2017-01-09",
      employment_end: "2020-12-31",
      experience_description: "Reports",
      city: "Cairo",
    },
    change: { new_job_title: "Senior engineer" },
    changed: { job_title: "Senior engineer" },
  },
] as const;

async function add(f: Account, k: (typeof kinds)[number]) {
  const res = await a.post(base + k.path, k.create, f.token);
  expect(res.status).toBe(201);
  return res.body as Record<string, string>;
}

async function rowOf(k: (typeof kinds)[number], id: string) {
  const sql = stack.db("users");
  try {
    const [row] = await sql`select * from ${sql(k.table)} where id = ${id}`;
    return row;
  } finally {
    await sql.end();
  }
}

for (const k of kinds) {
  describe(`${k.list}`, () => {
    it(`answers 201 with the created ${k.kind}, its id and YYYY-MM-DD dates, and lists it with that id`, async () => {
      const f = await registerFreelancer(a);
      const created = await add(f, k);
      expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...k.create });
      const list = await a.get(base + k.path, f.token);
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ [k.list]: [created] });
      expect((await rowOf(k, created.id)).freelancer_id).toBe(f.id);
    });

    it(`updates only the given fields of the caller's own ${k.kind}`, async () => {
      const f = await registerFreelancer(a);
      const created = await add(f, k);
      const res = await a.put(base + k.path, { [k.idField]: created.id, ...k.change }, f.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...created, ...k.changed });
      expect((await a.get(base + k.path, f.token)).body).toEqual({ [k.list]: [{ ...created, ...k.changed }] });
    });

    it(`answers 404 to another freelancer who updates or removes the ${k.kind}, and leaves it unchanged`, async () => {
      const owner = await registerFreelancer(a);
      const other = await registerFreelancer(a);
      const created = await add(owner, k);
      const before = await rowOf(k, created.id);
      const update = await a.put(base + k.path, { [k.idField]: created.id, ...k.change }, other.token);
      expect(update.status).toBe(404);
      const remove = await a.del(`${base}${k.path}?${k.query}=${created.id}`, other.token);
      expect(remove.status).toBe(404);
      expect(await rowOf(k, created.id)).toEqual(before);
      expect((await a.get(base + k.path, owner.token)).body).toEqual({ [k.list]: [created] });
      expect((await a.get(base + k.path, other.token)).body).toEqual({ [k.list]: [] });
    });

    it(`answers 404 for an unknown ${k.kind} id and 400 for a malformed one`, async () => {
      const f = await registerFreelancer(a);
      const unknown = crypto.randomUUID();
      expect((await a.put(base + k.path, { [k.idField]: unknown, ...k.change }, f.token)).status).toBe(404);
      expect((await a.del(`${base}${k.path}?${k.query}=${unknown}`, f.token)).status).toBe(404);
      const bad = await a.del(`${base}${k.path}?${k.query}=not-a-uuid`, f.token);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe(k.query);
    });

    it(`removes the caller's ${k.kind} and answers the list that remains`, async () => {
      const f = await registerFreelancer(a);
      const first = await add(f, k);
      const second = await add(f, k);
      const res = await a.del(`${base}${k.path}?${k.query}=${first.id}`, f.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ [k.list]: [second] });
      expect(await rowOf(k, first.id)).toBeUndefined();
      expect((await a.get(base + k.path, f.token)).body).toEqual({ [k.list]: [second] });
    });
  });
}

describe("item fields", () => {
  it("clears an optional field set to null and refuses a day that does not exist", async () => {
    const f = await registerFreelancer(a);
    const created = await add(f, kinds[0]);
    const cleared = await a.put(
      `${base}/achievements`,
      { achievement_id: created.id, new_award_date: null, new_awarded_by: null },
      f.token,
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ ...created, award_date: null, awarded_by: null });
    const bad = await a.put(
      `${base}/achievements`,
      { achievement_id: created.id, new_award_date: "2021-02-29" },
      f.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("new_award_date");
    const badAdd = await a.post(`${base}/education`, { school_name: "X", end_date: "2020-04-31" }, f.token);
    expect(badAdd.status).toBe(400);
    expect(badAdd.body.error.field).toBe("end_date");
  });

  it("requires the item's name when adding, naming the missing field", async () => {
    const f = await registerFreelancer(a);
    const res = await a.post(`${base}/experience`, { job_title: "Engineer" }, f.token);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("company_name");
  });

  it("adds one achievement for two requests with the same Idempotency-Key", async () => {
    const f = await registerFreelancer(a);
    const headers = { "idempotency-key": crypto.randomUUID() };
    const one = await a.post(`${base}/achievements`, kinds[0].create, f.token, headers);
    const two = await a.post(`${base}/achievements`, kinds[0].create, f.token, headers);
    expect(one.status).toBe(201);
    expect(two.body).toEqual(one.body);
    expect((await a.get(`${base}/achievements`, f.token)).body.achievements).toHaveLength(1);
  });
});
