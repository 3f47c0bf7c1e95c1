// Skills and languages, empty lists, and the cached list reads staying true to what was written.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import Redis from "ioredis";
import { registerFreelancer } from "../support/api.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const { stack, api: a } = useStack({ services: ["users"], inProcess: true });
let redis: Redis;
beforeAll(async () => {
  redis = new Redis(infrastructure().redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
});

const base = "/api/v1/users/freelancer";

describe("a freshly registered freelancer", () => {
  it("has five empty lists, never null", async () => {
    const f = await registerFreelancer(a);
    const lists = {
      "/achievements": "achievements",
      "/education": "educations",
      "/experience": "experiences",
      "/skills": "skills",
      "/languages": "languages",
    };
    for (const [path, key] of Object.entries(lists)) {
      const res = await a.get(base + path, f.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ [key]: [] });
    }
  });
});

for (const { path, key, field, removeParam, one, two } of [
  { path: "/skills", key: "skills", field: "newSkill", removeParam: "skillToRemove", one: "TypeScript", two: "Go" },
  {
    path: "/languages",
    key: "languages",
    field: "newLanguage",
    removeParam: "languageToRemove",
    one: "Arabic",
    two: "English",
  },
] as const) {
  describe(key, () => {
    it(`adds ${key} in order with 201 and the list, and ignores one already there`, async () => {
      const f = await registerFreelancer(a);
      expect(await a.post(base + path, { [field]: one }, f.token)).toMatchObject({
        status: 201,
        body: { [key]: [one] },
      });
      expect(await a.post(base + path, { [field]: two }, f.token)).toMatchObject({
        status: 201,
        body: { [key]: [one, two] },
      });
      expect(await a.post(base + path, { [field]: ` ${one} ` }, f.token)).toMatchObject({
        status: 201,
        body: { [key]: [one, two] },
      });
      expect((await a.get(base + path, f.token)).body).toEqual({ [key]: [one, two] });
      expect((await a.get(`${base}/profile`, f.token)).body[key]).toEqual([one, two]);
    });

    it(`never stores a duplicate when the same ${key.slice(0, -1)} is added concurrently`, async () => {
      const f = await registerFreelancer(a);
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => a.post(base + path, { [field]: one }, f.token)),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
      const sql = stack.db("users");
      const [row] = await sql`select ${sql(key)} as list from users where id = ${f.id}`;
      await sql.end();
      expect(row.list).toEqual([one]);
    });

    it(`removes a ${key.slice(0, -1)} and treats removing an absent one as done (200 with the list)`, async () => {
      const f = await registerFreelancer(a);
      await a.post(base + path, { [field]: one }, f.token);
      await a.post(base + path, { [field]: two }, f.token);
      const removed = await a.del(`${base}${path}?${removeParam}=${encodeURIComponent(one)}`, f.token);
      expect(removed).toMatchObject({ status: 200, body: { [key]: [two] } });
      const absent = await a.del(`${base}${path}?${removeParam}=Klingon`, f.token);
      expect(absent).toMatchObject({ status: 200, body: { [key]: [two] } });
      expect((await a.get(base + path, f.token)).body).toEqual({ [key]: [two] });
    });

    it(`refuses a blank ${key.slice(0, -1)} with 400 on its field`, async () => {
      const f = await registerFreelancer(a);
      const res = await a.post(base + path, { [field]: "   " }, f.token);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    });
  });
}

describe("cached list reads", () => {
  const cacheKey = (list: string, id: string) => `${stack.ns}:users:${list}:${id}`;

  it("caches an achievement list and shows every change on the next read", async () => {
    const f = await registerFreelancer(a);
    const first = (await a.post(`${base}/achievements`, { achievement_name: "First" }, f.token)).body;
    expect((await a.get(`${base}/achievements`, f.token)).body.achievements).toEqual([first]);
    expect(await redis.exists(cacheKey("achievements", f.id))).toBe(1);

    const updated = await a.put(
      `${base}/achievements`,
      { achievement_id: first.id, new_achievement_name: "First, renamed" },
      f.token,
    );
    expect(await redis.exists(cacheKey("achievements", f.id))).toBe(0);
    expect((await a.get(`${base}/achievements`, f.token)).body.achievements).toEqual([updated.body]);

    const second = (await a.post(`${base}/achievements`, { achievement_name: "Second" }, f.token)).body;
    expect((await a.get(`${base}/achievements`, f.token)).body.achievements).toEqual([updated.body, second]);

    await a.del(`${base}/achievements?achievementId=${first.id}`, f.token);
    expect((await a.get(`${base}/achievements`, f.token)).body.achievements).toEqual([second]);
  });

  it("keeps each freelancer's cached lists apart", async () => {
    const one = await registerFreelancer(a);
    const two = await registerFreelancer(a);
    await a.post(`${base}/experience`, { company_name: "Initech" }, one.token);
    expect((await a.get(`${base}/experience`, one.token)).body.experiences).toHaveLength(1);
    expect((await a.get(`${base}/experience`, two.token)).body.experiences).toEqual([]);
    await a.post(`${base}/experience`, { company_name: "Globex" }, two.token);
    expect(
      (await a.get(`${base}/experience`, one.token)).body.experiences.map(
        (e: { company_name: string }) => e.company_name,
      ),
    ).toEqual(["Initech"]);
    expect(
      (await a.get(`${base}/experience`, two.token)).body.experiences.map(
        (e: { company_name: string }) => e.company_name,
      ),
    ).toEqual(["Globex"]);
  });

  it("shows an education change right after it on the next read", async () => {
    const f = await registerFreelancer(a);
    const created = (await a.post(`${base}/education`, { school_name: "AUC", grade: "B" }, f.token)).body;
    expect((await a.get(`${base}/education`, f.token)).body.educations[0].grade).toBe("B");
    await a.put(`${base}/education`, { education_id: created.id, new_grade: "A" }, f.token);
    expect((await a.get(`${base}/education`, f.token)).body.educations[0]).toEqual({ ...created, grade: "A" });
  });
});
