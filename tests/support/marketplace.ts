// A marketplace deal arranged through the API only, the way users make one: a job, a proposal, the accepted
// contract, a milestone delivered and accepted (the payment request comes through the outbox), paid, and a
// termination request. Used by the security tests that need one resource of every kind.
import type { Account, Api } from "./api.ts";
import { waitFor } from "./stack.ts";

export interface Deal {
  jobId: string;
  proposalId: string;
  contractId: string;
  /** Milestone ids: [0] accepted and paid, [1] still OPEN. */
  milestoneIds: string[];
  paymentRequestId: string;
  paymentTransactionId: string;
  walletTransactionId: string;
  terminationId: string;
}

export const job = (extra: Record<string, unknown> = {}) => ({
  title: "Build a marketplace backend",
  description: "Services, a gateway and a broker.",
  location: "Remote",
  budget: 1500,
  skills: ["TypeScript"],
  experience: "INTERMEDIATE",
  ...extra,
});

export const proposal = (extra: Record<string, unknown> = {}) => ({
  coverLetter: "I have built three of these.",
  jobDuration: "ONE_TO_THREE_MONTHS",
  attachments: [{ name: "portfolio", url: "https://example.com/portfolio.pdf" }],
  milestones: [
    { description: "Design", amount: 500, dueDate: "2030-06-01" },
    { description: "Build", amount: 1000, dueDate: "2030-07-01" },
  ],
  ...extra,
});

async function ok<T = any>(what: string, res: Promise<{ status: number; body: any }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** A contract between client and freelancer, from a fresh job and proposal. */
export async function contract(a: Api, client: Account, freelancer: Account) {
  const jobId = (await ok("create the job", a.post("/api/v1/jobs", job(), client.token))).id as string;
  const proposalId = (await ok("propose", a.post(`/api/v1/jobs/${jobId}/proposals`, proposal(), freelancer.token)))
    .id as string;
  const contractId = (
    await ok("accept", a.post(`/api/v1/jobs/${jobId}/proposals/${proposalId}/accept`, undefined, client.token))
  ).contractId as string;
  const milestoneIds = (
    await ok("read the contract", a.get(`/api/v1/contracts/${contractId}`, client.token))
  ).milestones.map((m: { id: string }) => m.id) as string[];
  return { jobId, proposalId, contractId, milestoneIds };
}

/** Delivers and accepts a milestone; answers the payment request the outbox created for it. */
export async function acceptedMilestone(
  a: Api,
  client: Account,
  freelancer: Account,
  milestoneId: string,
): Promise<string> {
  for (let i = 0; i < 2; i++)
    await ok("progress", a.post(`/api/v1/contracts/milestones/${milestoneId}/progress`, {}, freelancer.token));
  await ok(
    "evaluate",
    a.post(`/api/v1/contracts/milestones/${milestoneId}/evaluate`, { evaluatedState: "ACCEPTED" }, client.token),
  );
  let requestId = "";
  await waitFor(
    "the payment request of the accepted milestone",
    async () => {
      const list = await a.get("/api/v1/payments/clients/me/requests", client.token);
      requestId = list.body?.requests?.find((r: { referenceId: string }) => r.referenceId === milestoneId)?.id ?? "";
      return requestId !== "";
    },
    30_000,
  );
  return requestId;
}

/** The whole deal; leaves a second milestone OPEN and a pending termination request by the freelancer. */
export async function deal(a: Api, client: Account, freelancer: Account): Promise<Deal> {
  const c = await contract(a, client, freelancer);
  const paymentRequestId = await acceptedMilestone(a, client, freelancer, c.milestoneIds[0]);
  const paid = await ok("pay", a.post(`/api/v1/payments/requests/${paymentRequestId}/pay`, undefined, client.token));
  const walletTransactions = await ok(
    "wallet transactions",
    a.get("/api/v1/payments/freelancers/me/wallet/transactions", freelancer.token),
  );
  const walletTransactionId = walletTransactions.transactions.find(
    (t: { paymentTransactionId: string }) => t.paymentTransactionId === paid.transactionId,
  )?.id;
  const termination = await ok(
    "request termination",
    a.post(`/api/v1/contracts/${c.contractId}/terminations/request`, { reason: "Moving on" }, freelancer.token),
  );
  return {
    ...c,
    paymentRequestId,
    paymentTransactionId: paid.transactionId,
    walletTransactionId,
    terminationId: termination.id,
  };
}
