// Injection on the real stack: SQL and NoSQL metacharacters, unicode, control characters and very long strings in
// every free-text field of every write route are stored and returned literally, or refused with 400. Nothing else
// happens: other people's data is unchanged, every table is still there, the search answers 200 or 400.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { testJwtSecret, type Stack } from "../support/stack.ts";
import {
  loginAdmin,
  registerClient,
  registerFreelancer,
  uniqueEmail,
  type Account,
  type ApiResponse,
} from "../support/api.ts";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { contract, job, proposal } from "../support/marketplace.ts";
import { hostileStrings, percentEncode, pick, seeded, type Schema } from "../support/fuzz.ts";
import { routes } from "../support/routeCalls.ts";
import { printSummary, tally, type Tally } from "../support/summary.ts";

const soak = process.env.WORKUP_SOAK === "1";
const { stack, api: a } = useStack({ services: ["users", "jobs", "contracts", "payments"] });
let rpc: TestRpc;
let usersDb: ReturnType<Stack["db"]>;
let client: Account, freelancer: Account, bystanderClient: Account;
const rnd = seeded(Number(process.env.WORKUP_FUZZ_SEED ?? 20240601));

/**
 * An account made directly in the users database (registering hundreds through the API would spend most of the
 * test on password hashing) and a token for it: the gateway refuses tokens of accounts that do not exist.
 */
const crafted = async (role: "CLIENT" | "FREELANCER" | "ADMIN") => {
  const id = crypto.randomUUID();
  const email = `${role.toLowerCase()}.${id}@example.com`;
  await usersDb`insert into users (id, email, password_hash, role) values (${id}, ${email}, 'not-a-hash', ${role})`;
  return {
    id,
    token: craftToken(
      { sub: email, userId: id, role, iat: nowSeconds(), exp: nowSeconds() + 3600 },
      { secret: testJwtSecret },
    ),
  };
};

beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
  usersDb = stack.db("users");
  client = await registerClient(a);
  freelancer = await registerFreelancer(a);
  bystanderClient = await registerClient(a);
}, 120_000);
afterAll(async () => {
  await usersDb?.end();
  await rpc?.close();
  printSummary(import.meta.path);
}, 30_000);

// Must-have payloads for every field, then a seeded sample of the rest (all of them under `make soak`).
const core = [
  "' OR '1'='1",
  "'; DROP TABLE jobs; --",
  '{"$gt": ""}',
  "a\u0000b",
  "\ud800",
  "\u0001\u0007\u001b[31m\u007f",
  "Zürich ☃ 日本語 🚀 👩‍👩‍👧",
  "\u202Eevil\u202C",
];
function payloadsFor(count: number): string[] {
  const rest = hostileStrings.filter((s) => !core.includes(s) && s.trim() !== "");
  const sample = soak ? rest : Array.from({ length: count }, () => pick(rnd, rest));
  // Wrapped, so a field that trims or needs a visible character still has to keep every character in between.
  return [...new Set([...core, ...sample])].flatMap((s) =>
    s === s.trim() && /\S/.test(s) ? [s, `[${s}]`] : [`[${s}]`],
  );
}

/** Free-text fields of a schema, as paths (uuid, email, date, amount and enum fields have patterns or fixed values). */
function textFields(s: Schema, path: string[] = []): Array<{ path: string[]; maxLength: number }> {
  const real = s.anyOf?.find((b) => b.type !== "null") ?? s;
  if (real.type === "object")
    return Object.entries(real.properties ?? {}).flatMap(([k, p]) => textFields(p, [...path, k]));
  if (real.type === "array" && real.items) return textFields(real.items, [...path, "0"]);
  // Free text, and links (an http(s) URL: most hostile strings are refused, the rest must come back literally).
  const text = !real.pattern || real.pattern === "\\S" || real.description === "an http(s) URL";
  if (real.type === "string" && !real.enum && real.const === undefined && text)
    return [{ path, maxLength: real.maxLength ?? 10_000 }];
  return [];
}

function setAt(root: any, path: string[], value: unknown): any {
  const copy = Array.isArray(root) ? [...root] : { ...root };
  const [head, ...rest] = path;
  copy[head] = rest.length ? setAt(copy[head] ?? (/^\d+$/.test(rest[0]) ? [] : {}), rest, value) : value;
  return copy;
}

/** JSON-escaped content of a string, to find it literally inside any JSON answer. */
const literal = (s: string) => JSON.stringify(s).slice(1, -1);

interface Target {
  route: string;
  /** The body every case starts from (valid). */
  base: () => unknown;
  send: (body: any) => Promise<ApiResponse>;
  /** Reads back what was stored; absent when the write's answer is all there is. */
  read?: (written: ApiResponse, body: any) => Promise<ApiResponse>;
  /** Undo what the write did so the next case starts clean (a pending request per party, etc.). */
  after?: (written: ApiResponse) => Promise<unknown>;
  /** Fields the test skips, with the reason. */
  skip?: string[];
  /** Cases per field (registration hashes a password, so fewer). */
  sample?: number;
}

const U = "/api/v1/users";
function targets(ctx: {
  jobId: string;
  proposalFreelancer: { token: string };
  proposalId: string;
  contractId: string;
  parties: { client: { token: string }; freelancer: { token: string } };
  admin: string;
  payee: { token: string };
  items: Record<string, string>;
}): Array<Target & { schema: Schema }> {
  const body = (method: string, path: string) =>
    routes.find((r) => r.method === method && r.path === path)!.body as Schema;
  const asClient = (m: string, p: string, read: string): Target => ({
    route: `${m} ${p}`,
    base: () => ({}),
    send: (b) => a.call(m, p, { body: b, token: client.token }),
    read: () => a.get(read, client.token),
  });
  const asFreelancer = (m: string, p: string, read: string, base: () => unknown = () => ({})): Target => ({
    route: `${m} ${p}`,
    base,
    send: (b) => a.call(m, p, { body: b, token: freelancer.token }),
    read: () => a.get(read, freelancer.token),
  });
  const register = (kind: "clients" | "freelancers", required: Record<string, string>, profile: string): Target => ({
    route: `POST ${U}/${kind}/register`,
    sample: soak ? 40 : 2,
    skip: ["email", "password"],
    base: () => ({ email: uniqueEmail("inject"), password: "password-123", ...required }),
    send: (b) => a.post(`${U}/${kind}/register`, b),
    read: (w) => a.get(profile, w.body.authToken),
  });
  const list: Target[] = [
    register("clients", { clientName: "Acme" }, `${U}/client/profile`),
    register("freelancers", { fullName: "Fran" }, `${U}/freelancer/profile`),
    asClient("POST", `${U}/client/profile`, `${U}/client/profile`),
    asClient("POST", `${U}/client/photo`, `${U}/client/photo`),
    asFreelancer("POST", `${U}/freelancer/profile`, `${U}/freelancer/profile`),
    asFreelancer("POST", `${U}/freelancer/photo`, `${U}/freelancer/photo`),
    asFreelancer("POST", `${U}/freelancer/resume`, `${U}/freelancer/resume`),
    asFreelancer("POST", `${U}/freelancer/achievements`, `${U}/freelancer/achievements`, () => ({
      achievement_name: "Award",
    })),
    asFreelancer("POST", `${U}/freelancer/education`, `${U}/freelancer/education`, () => ({ school_name: "School" })),
    asFreelancer("POST", `${U}/freelancer/experience`, `${U}/freelancer/experience`, () => ({
      company_name: "Company",
    })),
    asFreelancer("PUT", `${U}/freelancer/achievements`, `${U}/freelancer/achievements`, () => ({
      achievement_id: ctx.items.achievement,
    })),
    asFreelancer("PUT", `${U}/freelancer/education`, `${U}/freelancer/education`, () => ({
      education_id: ctx.items.education,
    })),
    asFreelancer("PUT", `${U}/freelancer/experience`, `${U}/freelancer/experience`, () => ({
      experience_id: ctx.items.experience,
    })),
    {
      ...asFreelancer("POST", `${U}/freelancer/skills`, `${U}/freelancer/skills`, () => ({ newSkill: "Go" })),
      after: (w) =>
        w.status < 300
          ? a.del(`${U}/freelancer/skills?skillToRemove=${percentEncode(lastBody.newSkill)}`, freelancer.token)
          : Promise.resolve(),
    },
    {
      ...asFreelancer("POST", `${U}/freelancer/languages`, `${U}/freelancer/languages`, () => ({
        newLanguage: "French",
      })),
      after: (w) =>
        w.status < 300
          ? a.del(`${U}/freelancer/languages?languageToRemove=${percentEncode(lastBody.newLanguage)}`, freelancer.token)
          : Promise.resolve(),
    },
    {
      route: "POST /api/v1/jobs",
      base: () => job(),
      send: (b) => a.post("/api/v1/jobs", b, ctx.parties.client.token),
      read: (w) => a.get(`/api/v1/jobs/${w.body.id}`, ctx.parties.client.token),
    },
    // One proposal per freelancer and job: each case proposes as a freelancer of its own.
    {
      route: "POST /api/v1/jobs/{id}/proposals",
      base: () => proposal(),
      send: async (b) => {
        const f = await crafted("FREELANCER");
        lastToken = f.token;
        return a.post(`/api/v1/jobs/${ctx.jobId}/proposals`, b, f.token);
      },
      read: (w) => a.get(`/api/v1/proposals/${w.body.id}`, lastToken),
    },
    {
      route: "PUT /api/v1/proposals/{id}",
      base: () => ({}),
      send: (b) => a.put(`/api/v1/proposals/${ctx.proposalId}`, b, ctx.proposalFreelancer.token),
      read: () => a.get(`/api/v1/proposals/${ctx.proposalId}`, ctx.proposalFreelancer.token),
    },
    // One pending termination request per party: an admin rejects each one after it was read back.
    {
      route: "POST /api/v1/contracts/{id}/terminations/request",
      base: () => ({ reason: "Because" }),
      send: (b) => a.post(`/api/v1/contracts/${ctx.contractId}/terminations/request`, b, ctx.parties.freelancer.token),
      read: () => a.get(`/api/v1/contracts/${ctx.contractId}/terminations`, ctx.parties.client.token),
      after: (w) =>
        w.status < 300
          ? a.post(`/api/v1/contracts/terminations/${w.body.id}/handle`, { chosenStatus: "REJECTED" }, ctx.admin)
          : Promise.resolve(),
    },
    {
      route: "POST /api/v1/payments/freelancers/me/wallet/withdraw",
      base: () => ({ amount: 0.01 }),
      send: (b) => a.post("/api/v1/payments/freelancers/me/wallet/withdraw", b, ctx.payee.token),
      read: () => a.get("/api/v1/payments/freelancers/me/wallet/transactions", ctx.payee.token),
    },
  ];
  return list.map((target) => ({
    ...target,
    schema: body(target.route.split(" ")[0], target.route.split(" ")[1].replace(/\{(\w+)\}/g, ":$1")),
  }));
}
let lastBody: any = {};
let lastToken = "";

async function attack(t: Tally, target: Target & { schema: Schema }) {
  const fields = textFields(target.schema).filter((f) => !target.skip?.includes(f.path.join(".")));
  t.check(fields.length > 0, `${target.route}: no free-text field found`);
  for (const field of fields) {
    const name = `${target.route} ${field.path.join(".")}`;
    const payloads = [...payloadsFor(target.sample ?? 6), "x".repeat(field.maxLength), "x".repeat(field.maxLength + 1)];
    for (const value of payloads) {
      const shown = value.length > 40 ? `${value.length} characters` : JSON.stringify(value);
      lastBody = setAt(target.base(), field.path, value);
      const written = await target.send(lastBody);
      if (written.status === 400) {
        t.check(written.body?.error?.code === "invalid", `${name} = ${shown}: 400 without the invalid code`);
      } else if (
        !t.check(
          written.status >= 200 && written.status < 300,
          `${name} = ${shown}: ${written.status} ${JSON.stringify(written.body).slice(0, 200)}`,
        )
      ) {
        continue;
      } else {
        t.check(
          value.length <= field.maxLength,
          `${name}: ${value.length} characters accepted, the limit is ${field.maxLength}`,
        );
        if (target.read) {
          const read = await target.read(written, lastBody);
          t.check(
            read.status === 200 && JSON.stringify(read.body).includes(literal(value)),
            `${name} = ${shown}: read back as ${read.status} ${JSON.stringify(read.body).slice(0, 300)}`,
          );
        }
      }
      await target.after?.(written);
    }
  }
}

describe("injection", () => {
  it(
    "stores and returns every hostile string literally or refuses it with 400, in every free-text field",
    () =>
      tally(import.meta.path, "Injection in every text field (SQL, NoSQL, unicode, control, long)", async (t) => {
        const F = `${U}/freelancer`;
        const items = {
          achievement: (await a.post(`${F}/achievements`, { achievement_name: "Award" }, freelancer.token)).body.id,
          education: (await a.post(`${F}/education`, { school_name: "School" }, freelancer.token)).body.id,
          experience: (await a.post(`${F}/experience`, { company_name: "Company" }, freelancer.token)).body.id,
        };
        const parties = {
          client: { ...(await crafted("CLIENT")), email: "", password: "" },
          freelancer: { ...(await crafted("FREELANCER")), email: "", password: "" },
        };
        const jobId = (await a.post("/api/v1/jobs", job(), parties.client.token)).body.id;
        const proposalFreelancer = await crafted("FREELANCER");
        const proposalId = (await a.post(`/api/v1/jobs/${jobId}/proposals`, proposal(), proposalFreelancer.token)).body
          .id;
        const deal = await contract(a, parties.client, parties.freelancer);
        const payee = await crafted("FREELANCER");
        const request = await rpc.call<{ id: string }>("payments", "createPaymentRequest", {
          clientId: parties.client.id,
          freelancerId: payee.id,
          amount: "1000.00",
          referenceId: crypto.randomUUID(),
          contractId: crypto.randomUUID(),
        });
        expect(
          (await a.post(`/api/v1/payments/requests/${request.id}/pay`, undefined, parties.client.token)).status,
        ).toBe(200);

        // Someone else's data, which none of this may touch.
        const bystander = await crafted("CLIENT");
        const sentinelJob = (await a.post("/api/v1/jobs", job({ title: "Sentinel" }), bystander.token)).body.id;
        const sentinels = () =>
          Promise.all([
            a.get(`/api/v1/jobs/${sentinelJob}`, bystander.token),
            a.get(`${U}/client/profile`, bystanderClient.token),
          ]).then((rs) => rs.map((r) => r.body));
        const before = await sentinels();

        for (const target of targets({
          jobId,
          proposalFreelancer,
          proposalId,
          contractId: deal.contractId,
          parties,
          admin: (await crafted("ADMIN")).token,
          payee,
          items,
        })) {
          await attack(t, target);
        }
        const after = await sentinels();
        t.check(
          !JSON.stringify(before).includes('"error":{'),
          `the sentinels cannot be read: ${JSON.stringify(before).slice(0, 200)}`,
        );
        t.check(JSON.stringify(after[0]) === JSON.stringify(before[0]), "someone else's job changed");
        t.check(JSON.stringify(after[1]) === JSON.stringify(before[1]), "someone else's profile changed");

        // Passwords are not text fields to show, but must work literally too.
        for (const password of core.map((p) => `pw-${p}-pw`)) {
          const email = uniqueEmail("pw");
          const reg = await a.post(`${U}/freelancers/register`, { email, password, fullName: "Pat" });
          if (reg.status === 400) {
            t.check(true, "refused");
            continue;
          }
          t.check(reg.status === 201, `register with password ${JSON.stringify(password)}: ${reg.status}`);
          t.check(
            (await a.post(`${U}/login`, { email, password })).status === 200,
            `log in with password ${JSON.stringify(password)}`,
          );
        }
        // Every table is still there and the admin can still log in.
        for (const service of ["users", "jobs", "contracts", "payments"] as const) {
          const db = stack.db(service);
          try {
            const tables = await db`select tablename from pg_tables where schemaname = 'public'`;
            t.check(tables.length >= 3, `${service}: only ${tables.map((r) => r.tablename).join(", ")} left`);
            for (const { tablename } of tables) await db`select count(*) from ${db(tablename)}`;
          } finally {
            await db.end();
          }
        }
        t.check((await loginAdmin(a)).length > 0, "admin login");
        expect(t.failed).toEqual([]);
      }),
    600_000,
  );

  it(
    "answers 200 or 400 to hostile search queries, skills and paging states",
    () =>
      tally(import.meta.path, "Injection in search parameters", async (t) => {
        for (const param of ["query", "skills", "pagingState", "experience", "minBudget", "pageLimit"]) {
          for (const value of [
            ...payloadsFor(soak ? 40 : 10),
            "x".repeat(600),
            "a:* & !b | (c <-> d)",
            "'''",
            "\\\\",
            "%",
            "_%_",
          ]) {
            const res = await a.get(`/api/v1/jobs/search?${param}=${percentEncode(value)}`);
            t.check(
              res.status === 200 || (res.status === 400 && res.body?.error?.code === "invalid"),
              `search ${param}=${JSON.stringify(value).slice(0, 60)}: ${res.status} ` +
                JSON.stringify(res.body).slice(0, 150),
            );
          }
        }
        expect(t.failed).toEqual([]);
      }),
    300_000,
  );
});
