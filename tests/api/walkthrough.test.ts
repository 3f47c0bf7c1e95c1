// The documentation cannot drift from the code: every operation of the live OpenAPI document is run against a stack
// in the marketplace's order (register, login, profiles, job, proposal, accept, milestones, payment, wallet,
// termination, admin), with the document's own example bodies (fresh emails and the ids made earlier put in). Each
// answers its documented success status with a body its documented schema accepts. Then every operation is sent
// the mistakes a client makes (no token, a wrong role, an unknown id, a wrong body, an unknown query parameter,
// a conflict): each answer's status must be documented for the operation, with the documented error body.
import { beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { api, loginAdmin, registerClient, registerFreelancer, uniqueEmail } from "../support/api.ts";
import { waitFor } from "../support/stack.ts";
import { answerChecker, documentedStatuses, operationsOf, successStatus, type Operation } from "../support/openapi.ts";

const { stack } = useStack({ inProcess: true, services: ["users", "jobs", "contracts", "payments"] });

type Who = "client" | "freelancer" | "admin" | "other";
type State = Record<string, any>;
interface Step {
  op: string;
  as?: Who;
  params?: (s: State) => Record<string, string>;
  query?: (s: State) => Record<string, string>;
  /** The body sent: by default the documented example as it is. */
  body?: (example: any, s: State) => unknown;
  /** Keeps what later steps need. */
  keep?: (answer: any, s: State) => void;
  /** Another status than the documented success (a conflict the flow provokes on purpose). */
  status?: number;
  /** Asks again until this holds (something the outbox makes soon after). */
  until?: (answer: any) => boolean;
}

const fresh = (prefix: string) => (example: any, s: State) => ({
  ...example,
  email: (s[prefix] = uniqueEmail(prefix)),
});
const byId = (key: string) => (s: State) => ({ id: s[key] });

/** The flow, in dependency order: every operation of the document appears in it. */
const steps: Step[] = [
  { op: "clientRegister", body: fresh("clientEmail"), keep: (a, s) => (s.tokens.client = a.authToken) },
  { op: "freelancerRegister", body: fresh("freelancerEmail"), keep: (a, s) => (s.tokens.freelancer = a.authToken) },
  { op: "clientRegister", body: (ex, s) => ({ ...ex, email: s.clientEmail }), status: 409 },
  { op: "login", body: (ex, s) => ({ ...ex, email: s.freelancerEmail }) },
  { op: "freelancerRegister", body: fresh("otherEmail"), keep: (a, s) => (s.tokens.other = a.authToken) },
  { op: "clientGetProfile", as: "client" },
  { op: "clientSetProfile", as: "client" },
  { op: "clientSetPhoto", as: "client" },
  { op: "clientGetPhoto", as: "client" },
  { op: "freelancerGetProfile", as: "freelancer" },
  { op: "freelancerSetProfile", as: "freelancer" },
  { op: "freelancerGetProfileBrief", as: "freelancer" },
  { op: "freelancerSetPhoto", as: "freelancer" },
  { op: "freelancerGetPhoto", as: "freelancer" },
  { op: "freelancerSetResume", as: "freelancer" },
  { op: "freelancerGetResume", as: "freelancer" },
  { op: "addFreelancerSkill", as: "freelancer" },
  { op: "getFreelancerSkills", as: "freelancer" },
  { op: "addFreelancerLanguage", as: "freelancer" },
  { op: "getFreelancerLanguages", as: "freelancer" },
  ...(["achievement", "education", "experience"] as const).flatMap((kind): Step[] => {
    const plural = { achievement: "Achievements", education: "Educations", experience: "Experiences" }[kind];
    const name = kind[0].toUpperCase() + kind.slice(1);
    return [
      { op: `addFreelancer${name}`, as: "freelancer", keep: (a, s) => (s[kind] = a.id) },
      { op: `getFreelancer${plural}`, as: "freelancer" },
      { op: `updateFreelancer${name}`, as: "freelancer", body: (ex, s) => ({ ...ex, [`${kind}_id`]: s[kind] }) },
    ];
  }),
  { op: "createJob", as: "client", keep: (a, s) => (s.job = a.id) },
  { op: "getJob", as: "freelancer", params: byId("job") },
  { op: "getMyJobs", as: "client" },
  { op: "searchJobs", query: () => ({ query: "payroll engine", pageLimit: "5" }), until: (a) => a.jobs.length > 0 },
  { op: "createProposal", as: "freelancer", params: byId("job"), keep: (a, s) => (s.proposal = a.id) },
  { op: "createProposal", as: "freelancer", params: byId("job"), status: 409 },
  { op: "getProposal", as: "client", params: byId("proposal") },
  { op: "updateProposal", as: "freelancer", params: byId("proposal") },
  { op: "getProposalsByJob", as: "client", params: byId("job") },
  { op: "getMyProposals", as: "freelancer" },
  { op: "getProposerResume", as: "client", params: (s) => ({ id: s.job, proposalId: s.proposal }) },
  {
    op: "acceptProposal",
    as: "client",
    params: (s) => ({ id: s.job, proposalId: s.proposal }),
    keep: (a, s) => (s.contract = a.contractId),
  },
  { op: "acceptProposal", as: "client", params: (s) => ({ id: s.job, proposalId: s.proposal }), status: 409 },
  { op: "getContract", as: "freelancer", params: byId("contract"), keep: (a, s) => (s.milestone = a.milestones[0].id) },
  { op: "getContractMilestones", as: "client", params: byId("contract") },
  { op: "getMilestone", as: "client", params: byId("milestone") },
  { op: "evaluateMilestone", as: "client", params: byId("milestone"), status: 409 },
  { op: "progressMilestone", as: "freelancer", params: byId("milestone") },
  { op: "progressMilestone", as: "freelancer", params: byId("milestone") },
  { op: "evaluateMilestone", as: "client", params: byId("milestone") },
  {
    op: "getClientPaymentRequests",
    as: "client",
    until: (a) => a.requests.length > 0,
    keep: (a, s) => (s.request = a.requests[0].id),
  },
  { op: "getFreelancerPaymentRequests", as: "freelancer" },
  { op: "getPaymentRequest", as: "freelancer", params: byId("request") },
  { op: "withdrawFromWallet", as: "freelancer", status: 409 },
  { op: "payPaymentRequest", as: "client", params: byId("request") },
  { op: "getClientPaymentTransactions", as: "client" },
  { op: "getFreelancerPaymentTransactions", as: "freelancer" },
  { op: "getWallet", as: "freelancer" },
  { op: "getWalletTransactions", as: "freelancer", keep: (a, s) => (s.walletTransaction = a.transactions[0].id) },
  { op: "getWalletTransaction", as: "freelancer", params: byId("walletTransaction") },
  { op: "withdrawFromWallet", as: "freelancer" },
  { op: "printContract", as: "client", params: byId("contract") },
  { op: "requestContractTermination", as: "freelancer", params: byId("contract"), keep: (a, s) => (s.ending = a.id) },
  { op: "getPendingTerminations", as: "client", params: byId("contract") },
  { op: "handleTerminationRequest", as: "admin", params: byId("ending") },
  { op: "removeFreelancerSkill", as: "freelancer", query: () => ({ skillToRemove: "TypeScript" }) },
  { op: "removeFreelancerLanguage", as: "freelancer", query: () => ({ languageToRemove: "French" }) },
  { op: "removeFreelancerAchievement", as: "freelancer", query: (s) => ({ achievementId: s.achievement }) },
  { op: "removeFreelancerEducation", as: "freelancer", query: (s) => ({ educationId: s.education }) },
  { op: "removeFreelancerExperience", as: "freelancer", query: (s) => ({ experienceId: s.experience }) },
  { op: "setAccountDisabled", as: "admin", params: (s) => ({ userId: s.ids.other }) },
  { op: "deleteAccount", as: "admin", params: (s) => ({ userId: s.ids.other }) },
];

let doc: any;
let ops: Operation[];
let check: ReturnType<typeof answerChecker>;
const state: State = { tokens: {}, ids: {} };
const userIdOf = (token: string) => JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).userId;

interface Sent {
  status: number;
  contentType: string;
  body: any;
}
async function send(
  o: Operation,
  opts: { params?: Record<string, string>; query?: Record<string, string>; token?: string; raw?: string },
): Promise<Sent> {
  let path = o.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(opts.params?.[name] ?? ""));
  if (opts.query && Object.keys(opts.query).length) path += `?${new URLSearchParams(opts.query)}`;
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.raw !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(stack.url + path, { method: o.method, headers, body: opts.raw });
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0];
  const bytes = Buffer.from(await res.arrayBuffer());
  const body = contentType === "application/json" ? JSON.parse(bytes.toString() || "null") : bytes;
  return { status: res.status, contentType, body };
}

/** Tokens of accounts made for the mistakes (the flow's own accounts change on the way). */
const probeTokens: Record<string, string> = {};
beforeAll(async () => {
  doc = await (await fetch(`${stack.url}/openapi.json`)).json();
  ops = operationsOf(doc);
  check = answerChecker(doc);
  const a = api(stack.url);
  state.tokens.admin = probeTokens.admin = await loginAdmin(a);
  probeTokens.client = (await registerClient(a)).token;
  probeTokens.freelancer = (await registerFreelancer(a)).token;
});

const operation = (id: string) => {
  const o = ops.find((x) => x.id === id);
  if (!o) throw new Error(`the document has no operation ${id}`);
  return o;
};

/** Problems with an answer: an undocumented status, or a body its documented schema refuses. */
function problemsOf(o: Operation, res: Sent): string[] {
  if (res.contentType === "application/pdf") {
    const pdf = o.op.responses[String(res.status)]?.content?.["application/pdf"];
    return pdf && res.body.subarray(0, 5).toString() === "%PDF-" ? [] : ["a PDF answer that is not documented"];
  }
  return check(o, res.status, res.body, res.contentType).map((p) => `${o.id} ${res.status}: ${p}`);
}

describe("the documented flow", () => {
  it("runs every operation's documented example in the flow's order: each answers its documented status " +
    "and schema", async () => {
    const ran = new Map<string, number>();
    const problems: string[] = [];
    for (const step of steps) {
      const o = operation(step.op);
      const example = o.op.requestBody?.content?.["application/json"]?.example;
      const body = o.op.requestBody ? (step.body ? step.body(example, state) : example) : undefined;
      const request = {
        params: step.params?.(state),
        query: step.query?.(state),
        token: step.as ? state.tokens[step.as] : undefined,
        raw: body === undefined ? undefined : JSON.stringify(body),
      };
      let res = await send(o, request);
      if (step.until) {
        await waitFor(`${step.op} to show what the flow made`, async () => {
          res = await send(o, request);
          return res.status === successStatus(o) && step.until!(res.body);
        });
      }
      const expected = step.status ?? successStatus(o);
      if (res.status !== expected)
        problems.push(`${step.op}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body).slice(0, 200)}`);
      problems.push(...problemsOf(o, res));
      if (res.status === expected && expected < 300) {
        ran.set(step.op, (ran.get(step.op) ?? 0) + 1);
        step.keep?.(res.body, state);
        for (const who of ["client", "freelancer", "other"] as const)
          if (state.tokens[who]) state.ids[who] = userIdOf(state.tokens[who]);
      }
    }
    expect(problems).toEqual([]);
    expect(ops.filter((o) => !ran.has(o.id)).map((o) => o.id)).toEqual([]);
    console.log(`documented flow: ${steps.length} requests, all ${ops.length} operations answered as documented`);
  }, 120_000);

  it("answers the mistakes clients make with a documented status and the documented error body", async () => {
    const reached = new Map<number, number>();
    const problems: string[] = [];
    const note = (o: Operation, what: string, res: Sent, expected?: number[]) => {
      reached.set(res.status, (reached.get(res.status) ?? 0) + 1);
      if (!documentedStatuses(o).includes(res.status) || res.status < 400)
        problems.push(`${o.method} ${o.path} ${what}: ${res.status} is not a documented error`);
      if (expected && !expected.includes(res.status))
        problems.push(`${o.method} ${o.path} ${what}: ${res.status}, expected ${expected.join(" or ")}`);
      problems.push(...problemsOf(o, res).map((p) => `${what}: ${p}`));
    };
    const someId = "00000000-0000-4000-8000-000000000000";
    const roles: Record<string, Who> = { CLIENT: "client", FREELANCER: "freelancer", ADMIN: "admin" };
    const allowedToken = (o: Operation) =>
      o.op.security.length === 0 ? undefined : probeTokens[roles[(o.op["x-roles"] ?? ["CLIENT"])[0]]];
    for (const o of ops) {
      const params = Object.fromEntries(
        (o.op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => [p.name, someId]),
      );
      const example = o.op.requestBody?.content?.["application/json"]?.example;
      const raw = example === undefined ? undefined : JSON.stringify(example);
      if (o.op.security.length) {
        note(o, "without a token", await send(o, { params, raw }), [401]);
        note(o, "with a forged token", await send(o, { params, raw, token: "e30.e30.c2ln" }), [401]);
      }
      const wrongRole = Object.keys(roles).find((r) => o.op["x-roles"] && !o.op["x-roles"].includes(r));
      if (wrongRole)
        note(o, `as ${wrongRole}`, await send(o, { params, raw, token: probeTokens[roles[wrongRole]] }), [403]);
      const token = allowedToken(o);
      note(o, "with an unknown query parameter", await send(o, { params, raw, token, query: { zzz: "1" } }), [400]);
      if (Object.keys(params).length) note(o, "with an unknown id", await send(o, { params, raw, token }), [403, 404]);
      const [firstParam] = Object.keys(params);
      if (firstParam) {
        const malformed = { ...params, [firstParam]: "not-an-id" };
        note(o, "with a malformed id", await send(o, { params: malformed, raw, token }), [400]);
      }
      if (o.op.requestBody) {
        note(o, "with an array body", await send(o, { params, raw: "[]", token }), [400]);
        note(o, "with broken JSON", await send(o, { params, raw: "{", token }), [400]);
      }
    }
    const createJob = operation("createJob");
    const huge = JSON.stringify({ title: "x", description: "y".repeat(1_100_000) });
    note(
      createJob,
      "with a body over the limit",
      await send(createJob, { raw: huge, token: probeTokens.client }),
      [413],
    );
    expect(problems).toEqual([]);
    const table = [...reached].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(`documented errors: ${table.join(", ")}`);
    for (const status of [400, 401, 403, 404, 413]) expect(reached.get(status) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
