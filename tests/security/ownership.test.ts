// Ownership on the real stack: for every resource that belongs to someone, a second user of the same role gets 403
// or 404 (or, for a list, sees nothing of it), and the owner's view of the resource is the same afterwards.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient, registerFreelancer, type Account, type ApiResponse } from "../support/api.ts";
import { acceptedMilestone, contract, deal, job, proposal, type Deal } from "../support/marketplace.ts";
import { printSummary, tally } from "../support/summary.ts";

const { api: a } = useStack({ services: ["users", "jobs", "contracts", "payments"] });
let client: Account, freelancer: Account, otherClient: Account, otherFreelancer: Account;
let done: Deal;
/**
 * A second contract of the same two: milestone [0] IN_REVIEW, [1] OPEN; a pending payment request; a pending proposal.
 */
let open: {
  contractId: string;
  inReview: string;
  openMilestone: string;
  pendingRequest: string;
  pendingProposal: string;
  activeJob: string;
};
const items: Record<"achievement" | "education" | "experience", string> = {
  achievement: "",
  education: "",
  experience: "",
};

beforeAll(async () => {
  client = await registerClient(a);
  freelancer = await registerFreelancer(a);
  otherClient = await registerClient(a);
  otherFreelancer = await registerFreelancer(a);

  const F = "/api/v1/users/freelancer";
  items.achievement = (await a.post(`${F}/achievements`, { achievement_name: "Award" }, freelancer.token)).body.id;
  items.education = (await a.post(`${F}/education`, { school_name: "School" }, freelancer.token)).body.id;
  items.experience = (await a.post(`${F}/experience`, { company_name: "Company" }, freelancer.token)).body.id;

  done = await deal(a, client, freelancer);
  const second = await contract(a, client, freelancer);
  const pendingRequest = await acceptedMilestone(a, client, freelancer, second.milestoneIds[0]);
  // Accepted and paid for elsewhere: for "evaluate" a milestone still IN_REVIEW is needed; take the other one there.
  for (let i = 0; i < 2; i++)
    await a.post(`/api/v1/contracts/milestones/${second.milestoneIds[1]}/progress`, {}, freelancer.token);
  const third = await contract(a, client, freelancer);
  const activeJob = (await a.post("/api/v1/jobs", job(), client.token)).body.id;
  const pendingProposal = (await a.post(`/api/v1/jobs/${activeJob}/proposals`, proposal(), freelancer.token)).body.id;
  open = {
    contractId: second.contractId,
    inReview: second.milestoneIds[1],
    openMilestone: third.milestoneIds[0],
    pendingRequest,
    pendingProposal,
    activeJob,
  };
  for (const [k, v] of Object.entries({ ...items, ...done, ...open }))
    if (!v) throw new Error(`arrangement failed: no ${k}`);
}, 180_000);
afterAll(async () => {
  printSummary(import.meta.path);
}, 30_000);

interface Attempt {
  what: string;
  send: () => Promise<ApiResponse>;
  /** The owner's view of what the attempt targets, compared before and after. */
  observe?: () => Promise<unknown>;
  /** For lists: a 200 is fine as long as it shows none of these ids. */
  listWithout?: string[];
}

const get = (path: string, who: () => Account) => () => a.get(path, who().token);
const C = "/api/v1/contracts",
  P = "/api/v1/payments",
  F = "/api/v1/users/freelancer";

function attempts(): Attempt[] {
  const ownItems = (kind: string) => () => a.get(`${F}/${kind}`, freelancer.token).then((r) => r.body);
  const itemAttempts = (
    [
      ["achievement", "achievements", "achievement_name"],
      ["education", "education", "school_name"],
      ["experience", "experience", "company_name"],
    ] as const
  ).flatMap(([kind, path, field]) => [
    {
      what: `update another freelancer's ${kind}`,
      send: () =>
        a.put(`${F}/${path}`, { [`${kind}_id`]: items[kind], [`new_${field}`]: "Hijacked" }, otherFreelancer.token),
      observe: ownItems(path),
    },
    {
      what: `remove another freelancer's ${kind}`,
      send: () => a.del(`${F}/${path}?${kind}Id=${items[kind]}`, otherFreelancer.token),
      observe: ownItems(path),
    },
  ]);
  const ownContract = (id: string) => () => a.get(`${C}/${id}`, client.token).then((r) => r.body);
  const ownMilestone = (id: string) => () => a.get(`${C}/milestones/${id}`, freelancer.token).then((r) => r.body);
  const ownRequest = (id: string) => () =>
    Promise.all([
      a.get(`${P}/requests/${id}`, client.token),
      a.get(`${P}/freelancers/me/wallet`, freelancer.token),
    ]).then((rs) => rs.map((r) => r.body));
  const contractReads = (who: () => Account, name: string) =>
    ["", "/milestones", "/terminations", "/print"].map((suffix) => ({
      what: `${name} reads ${C}/{id}${suffix} of someone else's contract`,
      send: get(`${C}/${done.contractId}${suffix}`, who),
    }));
  return [
    ...itemAttempts,
    // Jobs and proposals.
    {
      what: "another client lists a job's proposals",
      send: get(`/api/v1/jobs/${done.jobId}/proposals`, () => otherClient),
      listWithout: [done.proposalId],
    },
    {
      what: "another freelancer lists a job's proposals",
      send: get(`/api/v1/jobs/${done.jobId}/proposals`, () => otherFreelancer),
      listWithout: [done.proposalId],
    },
    {
      what: "another client accepts a proposal on someone else's job",
      send: () =>
        a.post(`/api/v1/jobs/${open.activeJob}/proposals/${open.pendingProposal}/accept`, undefined, otherClient.token),
      observe: () =>
        Promise.all([
          a.get(`/api/v1/proposals/${open.pendingProposal}`, freelancer.token),
          a.get(`/api/v1/jobs/${open.activeJob}`, client.token),
        ]).then((rs) => rs.map((r) => r.body)),
    },
    {
      what: "another freelancer reads a proposal",
      send: get(`/api/v1/proposals/${done.proposalId}`, () => otherFreelancer),
    },
    { what: "another client reads a proposal", send: get(`/api/v1/proposals/${done.proposalId}`, () => otherClient) },
    {
      what: "another freelancer changes a proposal",
      send: () =>
        a.put(`/api/v1/proposals/${open.pendingProposal}`, { coverLetter: "Hijacked" }, otherFreelancer.token),
      observe: () => a.get(`/api/v1/proposals/${open.pendingProposal}`, freelancer.token).then((r) => r.body),
    },
    {
      what: "another freelancer lists their proposals",
      send: get("/api/v1/jobs/me/proposals", () => otherFreelancer),
      listWithout: [done.proposalId, open.pendingProposal],
    },
    {
      what: "another client lists their jobs",
      send: get("/api/v1/jobs/me", () => otherClient),
      listWithout: [done.jobId, open.activeJob],
    },
    // Contracts, milestones, terminations.
    ...contractReads(() => otherClient, "another client"),
    ...contractReads(() => otherFreelancer, "another freelancer"),
    {
      what: "another client reads a milestone",
      send: get(`${C}/milestones/${done.milestoneIds[0]}`, () => otherClient),
    },
    {
      what: "another freelancer reads a milestone",
      send: get(`${C}/milestones/${done.milestoneIds[0]}`, () => otherFreelancer),
    },
    {
      what: "another freelancer progresses a milestone",
      send: () => a.post(`${C}/milestones/${open.openMilestone}/progress`, {}, otherFreelancer.token),
      observe: ownMilestone(open.openMilestone),
    },
    {
      what: "another client accepts a milestone",
      send: () =>
        a.post(`${C}/milestones/${open.inReview}/evaluate`, { evaluatedState: "ACCEPTED" }, otherClient.token),
      observe: ownMilestone(open.inReview),
    },
    {
      what: "another client sends a milestone back",
      send: () =>
        a.post(`${C}/milestones/${open.inReview}/evaluate`, { evaluatedState: "IN_PROGRESS" }, otherClient.token),
      observe: ownMilestone(open.inReview),
    },
    {
      what: "another client asks to terminate a contract",
      send: () => a.post(`${C}/${open.contractId}/terminations/request`, { reason: "Hijack" }, otherClient.token),
      observe: () =>
        Promise.all([
          ownContract(open.contractId)(),
          a.get(`${C}/${open.contractId}/terminations`, client.token).then((r) => r.body),
        ]),
    },
    {
      what: "another freelancer asks to terminate a contract",
      send: () => a.post(`${C}/${open.contractId}/terminations/request`, { reason: "Hijack" }, otherFreelancer.token),
      observe: () => a.get(`${C}/${open.contractId}/terminations`, freelancer.token).then((r) => r.body),
    },
    // Payment requests, transactions, wallets.
    {
      what: "another client reads a payment request",
      send: get(`${P}/requests/${done.paymentRequestId}`, () => otherClient),
    },
    {
      what: "another freelancer reads a payment request",
      send: get(`${P}/requests/${done.paymentRequestId}`, () => otherFreelancer),
    },
    {
      what: "another client pays a payment request",
      send: () => a.post(`${P}/requests/${open.pendingRequest}/pay`, undefined, otherClient.token),
      observe: ownRequest(open.pendingRequest),
    },
    {
      what: "another client lists payment requests",
      send: get(`${P}/clients/me/requests`, () => otherClient),
      listWithout: [done.paymentRequestId, open.pendingRequest],
    },
    {
      what: "another freelancer lists payment requests",
      send: get(`${P}/freelancers/me/requests`, () => otherFreelancer),
      listWithout: [done.paymentRequestId, open.pendingRequest],
    },
    {
      what: "another client lists payment transactions",
      send: get(`${P}/clients/me/transactions`, () => otherClient),
      listWithout: [done.paymentTransactionId],
    },
    {
      what: "another freelancer lists payment transactions",
      send: get(`${P}/freelancers/me/transactions`, () => otherFreelancer),
      listWithout: [done.paymentTransactionId],
    },
    {
      what: "another freelancer reads a wallet transaction",
      send: get(`${P}/freelancers/me/wallet/transactions/${done.walletTransactionId}`, () => otherFreelancer),
    },
    {
      what: "another freelancer lists wallet transactions",
      send: get(`${P}/freelancers/me/wallet/transactions`, () => otherFreelancer),
      listWithout: [done.walletTransactionId],
    },
    {
      what: "another freelancer reads their wallet",
      send: get(`${P}/freelancers/me/wallet`, () => otherFreelancer),
      listWithout: [freelancer.id],
    },
    {
      what: "another freelancer withdraws (from their own, empty wallet)",
      send: () => a.post(`${P}/freelancers/me/wallet/withdraw`, { amount: 100 }, otherFreelancer.token),
      observe: () => a.get(`${P}/freelancers/me/wallet`, freelancer.token).then((r) => r.body),
    },
  ];
}

describe("ownership", () => {
  it(
    "refuses a second user of the same role every resource that belongs to someone, and leaves it unchanged",
    () =>
      tally(import.meta.path, "Ownership (second user of the same role)", async (t) => {
        for (const attempt of attempts()) {
          const before = await attempt.observe?.();
          if (attempt.observe)
            t.check(
              !JSON.stringify(before).includes('"error":{'),
              `the owner cannot see what "${attempt.what}" targets: ${JSON.stringify(before).slice(0, 200)}`,
            );
          const res = await attempt.send();
          if (attempt.listWithout && res.status === 200) {
            const leaked = attempt.listWithout.filter((id) => JSON.stringify(res.body).includes(id));
            t.check(leaked.length === 0, `${attempt.what}: 200 showing ${leaked.join(", ")}`);
          } else if (attempt.what.includes("own, empty wallet")) {
            t.check(res.status === 409, `${attempt.what}: ${res.status} ${JSON.stringify(res.body).slice(0, 150)}`);
          } else {
            t.check(
              res.status === 403 || res.status === 404,
              `${attempt.what}: ${res.status} ${JSON.stringify(res.body).slice(0, 150)}`,
            );
          }
          if (attempt.observe) {
            const after = await attempt.observe();
            t.check(
              JSON.stringify(after) === JSON.stringify(before),
              `${attempt.what} changed it: ${JSON.stringify(before).slice(0, 200)} -> ` +
                JSON.stringify(after).slice(0, 200),
            );
          }
        }
        expect(t.failed).toEqual([]);
      }),
    120_000,
  );
});
