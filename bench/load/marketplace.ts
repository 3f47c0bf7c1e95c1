// The seed's locustfile flow: 16 requests from two new accounts to a paid
// milestone and a withdrawal. Each step says what it sends and what it keeps from the answer.
export interface FlowState {
  n: string;
  clientToken?: string;
  freelancerToken?: string;
  jobId?: string;
  proposalId?: string;
  contractId?: string;
  milestoneId?: string;
  paymentRequestId?: string;
}

export interface Step {
  name: string;
  method: "GET" | "POST";
  path: (s: FlowState) => string;
  as?: "client" | "freelancer";
  body?: (s: FlowState) => unknown;
  status: number;
  /** Keeps what later steps need; returning false means "not there yet" (asked again, see `poll`). */
  keep?: (body: any, s: FlowState) => boolean | void;
  /** Asked again until `keep` accepts the answer: payment requests arrive through the outbox, a moment later. */
  poll?: boolean;
}

const password = "password-123";
const emailOf = (role: string, s: FlowState) => `bench.${role}.${s.n}@example.com`;

export const marketplaceFlow: Step[] = [
  {
    name: "register client",
    method: "POST",
    path: () => "/api/v1/users/clients/register",
    status: 201,
    body: (s) => ({ email: emailOf("client", s), password, clientName: "3beet" }),
  },
  {
    name: "register freelancer",
    method: "POST",
    path: () => "/api/v1/users/freelancers/register",
    status: 201,
    body: (s) => ({ email: emailOf("freelancer", s), password, fullName: "3beet eltany" }),
  },
  {
    name: "login client",
    method: "POST",
    path: () => "/api/v1/users/login",
    status: 200,
    body: (s) => ({ email: emailOf("client", s), password }),
    keep: (b, s) => {
      s.clientToken = b.authToken;
    },
  },
  {
    name: "login freelancer",
    method: "POST",
    path: () => "/api/v1/users/login",
    status: 200,
    body: (s) => ({ email: emailOf("freelancer", s), password }),
    keep: (b, s) => {
      s.freelancerToken = b.authToken;
    },
  },
  {
    name: "create job",
    method: "POST",
    path: () => "/api/v1/jobs",
    as: "client",
    status: 201,
    body: () => ({
      title: "3beet",
      description: "3beet eltany",
      location: "Cairo",
      budget: 1000,
      skills: ["typescript"],
      experience: "ENTRY_LEVEL",
    }),
    keep: (b, s) => {
      s.jobId = b.id ?? b.jobId;
    },
  },
  { name: "get job", method: "GET", path: (s) => `/api/v1/jobs/${s.jobId}`, as: "freelancer", status: 200 },
  {
    name: "propose",
    method: "POST",
    path: (s) => `/api/v1/jobs/${s.jobId}/proposals`,
    as: "freelancer",
    status: 201,
    body: () => ({
      coverLetter: "3beet",
      jobDuration: "LESS_THAN_A_MONTH",
      attachments: [],
      milestones: [{ description: "all of it", amount: 100, dueDate: "2030-09-09" }],
    }),
    keep: (b, s) => {
      s.proposalId = b.id ?? b.proposalId;
    },
  },
  {
    name: "accept proposal",
    method: "POST",
    path: (s) => `/api/v1/jobs/${s.jobId}/proposals/${s.proposalId}/accept`,
    as: "client",
    status: 200,
    keep: (b, s) => {
      s.contractId = b.contractId;
    },
  },
  {
    name: "get contract",
    method: "GET",
    path: (s) => `/api/v1/contracts/${s.contractId}`,
    as: "client",
    status: 200,
    keep: (b, s) => {
      s.milestoneId = b.milestones?.[0]?.id ?? b.milestonesIds?.[0];
    },
  },
  {
    name: "progress milestone",
    method: "POST",
    path: (s) => `/api/v1/contracts/milestones/${s.milestoneId}/progress`,
    as: "freelancer",
    status: 200,
    body: () => ({}),
  },
  {
    name: "progress milestone again",
    method: "POST",
    path: (s) => `/api/v1/contracts/milestones/${s.milestoneId}/progress`,
    as: "freelancer",
    status: 200,
    body: () => ({}),
  },
  {
    name: "accept milestone",
    method: "POST",
    path: (s) => `/api/v1/contracts/milestones/${s.milestoneId}/evaluate`,
    as: "client",
    status: 200,
    body: () => ({ evaluatedState: "ACCEPTED" }),
  },
  {
    name: "client payment requests",
    method: "GET",
    path: () => "/api/v1/payments/clients/me/requests",
    as: "client",
    status: 200,
    poll: true,
    keep: (b, s) => {
      const list: any[] = Array.isArray(b) ? b : (b.paymentRequests ?? b.requests ?? []);
      s.paymentRequestId = list.find((r) => r.referenceId === s.milestoneId)?.id;
      return s.paymentRequestId !== undefined;
    },
  },
  {
    name: "pay",
    method: "POST",
    path: (s) => `/api/v1/payments/requests/${s.paymentRequestId}/pay`,
    as: "client",
    status: 200,
  },
  {
    name: "withdraw",
    method: "POST",
    path: () => "/api/v1/payments/freelancers/me/wallet/withdraw",
    as: "freelancer",
    status: 200,
    body: () => ({ amount: 50, description: "bench" }),
  },
  {
    name: "get wallet",
    method: "GET",
    path: () => "/api/v1/payments/freelancers/me/wallet",
    as: "freelancer",
    status: 200,
  },
];
