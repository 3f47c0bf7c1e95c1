// Arranging contracts for tests: real accounts through users, contracts created the way jobs does (RPC).
import { inflateSync } from "node:zlib";
import { loginAdmin, registerClient, registerFreelancer, type Account, type Api } from "../support/api.ts";
import type { TestRpc } from "../support/rpc.ts";

export interface Parties {
  client: Account;
  freelancer: Account;
}
/** The people of a test file: a contract's two parties, a client and a freelancer who are strangers to it, an admin. */
export interface Cast extends Parties {
  otherClient: Account;
  otherFreelancer: Account;
  admin: string;
}
export interface Milestone {
  id: string;
  contractId: string;
  description: string;
  amount: number;
  dueDate: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}
export interface Contract {
  id: string;
  jobId: string;
  proposalId: string;
  jobTitle: string;
  clientId: string;
  freelancerId: string;
  status: string;
  milestones: Milestone[];
  createdAt: string;
  updatedAt: string;
}

export const milestoneInput = (description = "Design", amount: string | number = "500.00", dueDate = "2030-01-31") => ({
  description,
  amount,
  dueDate,
});

/**
 * Registered once per file and one at a time (password hashing is slow on a busy machine); every test still
 * creates contracts of its own, so tests do not depend on each other.
 */
export async function cast(a: Api): Promise<Cast> {
  const client = await registerClient(a);
  const freelancer = await registerFreelancer(a);
  const otherClient = await registerClient(a);
  const otherFreelancer = await registerFreelancer(a);
  return { client, freelancer, otherClient, otherFreelancer, admin: await loginAdmin(a) };
}

/** Parties that exist only as ids (contracts does not look users up). */
export const idsOnly = () => ({ client: { id: crypto.randomUUID() }, freelancer: { id: crypto.randomUUID() } });

export function initiateInput(
  p: { client: { id: string }; freelancer: { id: string } },
  extra: Record<string, unknown> = {},
) {
  return {
    jobId: crypto.randomUUID(),
    proposalId: crypto.randomUUID(),
    jobTitle: "Build a marketplace",
    clientId: p.client.id,
    freelancerId: p.freelancer.id,
    milestones: [milestoneInput()],
    ...extra,
  };
}

/** A contract as jobs' acceptProposal creates it. */
export function newContract(
  rpc: TestRpc,
  p: { client: { id: string }; freelancer: { id: string } },
  extra: Record<string, unknown> = {},
): Promise<Contract> {
  return rpc.call<Contract>("contracts", "initiateContract", initiateInput(p, extra), {
    caller: { id: p.client.id, role: "CLIENT" },
  });
}

const M = "/api/v1/contracts/milestones";
export const progress = (a: Api, id: string, token: string) => a.post(`${M}/${id}/progress`, {}, token);
export const evaluate = (a: Api, id: string, token: string, evaluatedState: unknown) =>
  a.post(`${M}/${id}/evaluate`, { evaluatedState }, token);
export const markPaid = (rpc: TestRpc, milestoneId: string) =>
  rpc.request("contracts", "markMilestonePaid", { milestoneId, paymentRequestId: crypto.randomUUID() });

/** Moves a milestone through the legal path up to `target`, failing loudly if any step is refused. */
export async function moveTo(
  a: Api,
  rpc: TestRpc,
  p: Parties,
  id: string,
  target: "IN_PROGRESS" | "IN_REVIEW" | "ACCEPTED" | "PAID",
) {
  const steps = [
    () => progress(a, id, p.freelancer.token),
    () => progress(a, id, p.freelancer.token),
    () => evaluate(a, id, p.client.token, "ACCEPTED"),
  ];
  const count = { IN_PROGRESS: 1, IN_REVIEW: 2, ACCEPTED: 3, PAID: 3 }[target];
  for (const step of steps.slice(0, count)) {
    const res = await step();
    if (res.status !== 200)
      throw new Error(`could not move milestone ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (target === "PAID") {
    const reply = await markPaid(rpc, id);
    if (!reply.ok) throw new Error(`could not mark ${id} paid: ${JSON.stringify(reply)}`);
  }
}

/** The text a PDF shows: its Flate content streams inflated, the strings of their text operators decoded. */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const shown: string[] = [];
  // pdf-lib frames streams with exactly "stream\n" and "\nendstream": a compressed stream may itself end in \r.
  for (const m of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1], "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) shown.push(Buffer.from(t[1], "hex").toString("latin1"));
    for (const t of content.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) shown.push(t[1]);
  }
  return shown.join("\n");
}
