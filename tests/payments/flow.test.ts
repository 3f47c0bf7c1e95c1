// The whole happy path (the 16 requests of bench/load/marketplace.ts) through HTTP, and the outbox carrying "request
// paid" to a
// contracts service that was down. Runs once svc/jobs.ts and svc/contracts.ts exist (written alongside payments).
import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { existsSync } from "node:fs";
import { root, waitFor } from "../support/stack.ts";
import { registerClient, registerFreelancer, type Account } from "../support/api.ts";
import { controlEnv, ctl } from "../support/controller.ts";

setDefaultTimeout(90_000);

const haveJobsAndContracts = existsSync(`${root}svc/jobs.ts`) && existsSync(`${root}svc/contracts.ts`);

describe.if(haveJobsAndContracts)("a job from registration to withdrawal", () => {
  const { stack, api: a } = useStack({ services: ["users", "jobs", "contracts", "payments"], env: controlEnv });

  const milestoneOf = (id: string, who: Account) => a.get(`/api/v1/contracts/milestones/${id}`, who.token);

  /**
   * Register both, post a job, the freelancer finds it by search, proposes one milestone, accept: its only milestone,
   * OPEN.
   */
  async function contractWithOneMilestone(amount: number) {
    const client = await registerClient(a),
      freelancer = await registerFreelancer(a);
    const word = `shop${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
    const job = await a.post(
      "/api/v1/jobs",
      {
        title: `Build a ${word}`,
        description: "An online shop",
        budget: 1000,
        experience: "EXPERT",
        skills: ["TypeScript"],
      },
      client.token,
    );
    expect(job.status).toBe(201);
    const found = await a.get(`/api/v1/jobs/search?query=${word}`, freelancer.token);
    expect(found.status).toBe(200);
    expect(found.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.body.id]);
    const proposal = await a.post(
      `/api/v1/jobs/${job.body.id}/proposals`,
      {
        coverLetter: "I can do it",
        jobDuration: "LESS_THAN_A_MONTH",
        milestones: [{ description: "The whole shop", amount, dueDate: "2030-01-31" }],
      },
      freelancer.token,
    );
    expect(proposal.status).toBe(201);
    const accepted = await a.post(
      `/api/v1/jobs/${job.body.id}/proposals/${proposal.body.id}/accept`,
      undefined,
      client.token,
    );
    expect(accepted.status).toBe(200);
    const contract = await a.get(`/api/v1/contracts/${accepted.body.contractId}`, client.token);
    expect(contract.body.milestones).toHaveLength(1);
    return {
      client,
      freelancer,
      contractId: accepted.body.contractId as string,
      milestoneId: contract.body.milestones[0].id as string,
    };
  }

  /** The freelancer delivers (progress twice), the client accepts; answers the payment request the client then sees. */
  async function acceptedMilestone(client: Account, freelancer: Account, milestoneId: string) {
    for (const status of ["IN_PROGRESS", "IN_REVIEW"]) {
      const progressed = await a.post(`/api/v1/contracts/milestones/${milestoneId}/progress`, {}, freelancer.token);
      expect(progressed.status).toBe(200);
      expect(progressed.body.status).toBe(status);
    }
    const evaluated = await a.post(
      `/api/v1/contracts/milestones/${milestoneId}/evaluate`,
      { evaluatedState: "ACCEPTED" },
      client.token,
    );
    expect(evaluated.status).toBe(200);
    let request: { id: string; status: string; amount: number; freelancerId: string } | undefined;
    await waitFor("the payment request", async () => {
      const list = await a.get("/api/v1/payments/clients/me/requests", client.token);
      request = list.body.requests.find((r: { referenceId: string }) => r.referenceId === milestoneId);
      return request !== undefined;
    });
    return request!;
  }

  it(
    "pays an accepted milestone into the freelancer's wallet, marks it PAID, and lets the " + "freelancer withdraw",
    async () => {
      const { client, freelancer, contractId, milestoneId } = await contractWithOneMilestone(500);
      await waitFor(
        "the freelancer's wallet",
        async () => (await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token)).body?.balance === 0,
      );

      const request = await acceptedMilestone(client, freelancer, milestoneId);
      expect(request).toMatchObject({ status: "PENDING", amount: 500, freelancerId: freelancer.id });

      const paid = await a.post(`/api/v1/payments/requests/${request.id}/pay`, undefined, client.token);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({
        transactionStatus: "SUCCESS",
        paymentRequest: { id: request.id, status: "PAID" },
      });
      expect((await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token)).body.balance).toBe(500);

      await waitFor(
        "the milestone to be PAID",
        async () => (await milestoneOf(milestoneId, client)).body.status === "PAID",
      );
      expect((await a.get(`/api/v1/contracts/${contractId}`, client.token)).body.status).toBe("COMPLETED");

      const withdrawn = await a.post(
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        { amount: 50 },
        freelancer.token,
      );
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.balance).toBe(450);
      expect((await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token)).body.balance).toBe(450);
    },
  );

  it(
    "marks the milestone PAID by itself once a contracts service that was down during the " + "payment is back",
    async () => {
      const { client, freelancer, milestoneId } = await contractWithOneMilestone(120.5);
      const request = await acceptedMilestone(client, freelancer, milestoneId);

      for (const proc of stack.replicas("contracts")) await stack.kill(proc, "SIGTERM");
      const paid = await a.post(`/api/v1/payments/requests/${request.id}/pay`, undefined, client.token);
      expect(paid.status).toBe(200);
      const payments = stack.db("payments");
      try {
        const message = async () =>
          (
            await payments`select delivered_at, attempts from outbox where payload->>'paymentRequestId' = ${request.id}`
          )[0];
        await waitFor("a failed delivery attempt", async () => (await message()).attempts >= 2);
        expect((await message()).delivered_at).toBeNull();

        await stack.spawn("contracts");
        await waitFor(
          "the milestone to be PAID",
          async () => (await milestoneOf(milestoneId, client)).body.status === "PAID",
          30_000,
        );
        await waitFor("the message to be acknowledged", async () => (await message()).delivered_at !== null);
      } finally {
        await payments.end();
      }
    },
  );

  it(
    "keeps retrying a notification whose command an operator deleted, and delivers it once the " + "command is back",
    async () => {
      const { client, freelancer, milestoneId } = await contractWithOneMilestone(75);
      const request = await acceptedMilestone(client, freelancer, milestoneId);
      await ctl(stack, ["deleteCommand", "contracts", "markMilestonePaid"]);
      const payments = stack.db("payments");
      try {
        expect((await a.post(`/api/v1/payments/requests/${request.id}/pay`, undefined, client.token)).status).toBe(200);
        const message = async () =>
          (
            await payments`select delivered_at, attempts, last_error from outbox
              where payload->>'paymentRequestId' = ${request.id}`
          )[0];
        await waitFor("two refused deliveries", async () => (await message()).attempts >= 2);
        expect(await message()).toMatchObject({ delivered_at: null, last_error: expect.stringContaining("disabled") });
        expect((await milestoneOf(milestoneId, client)).body.status).toBe("ACCEPTED");

        await ctl(stack, ["addCommand", "contracts", "markMilestonePaid"]);
        await waitFor(
          "the milestone to be PAID",
          async () => (await milestoneOf(milestoneId, client)).body.status === "PAID",
          30_000,
        );
        // The milestone is PAID once contracts commits; payments marks the message delivered when the reply arrives.
        await waitFor("the message to be acknowledged", async () => (await message()).delivered_at !== null);
      } finally {
        await ctl(stack, ["addCommand", "contracts", "markMilestonePaid"]).catch(() => {});
        await payments.end();
      }
    },
  );
});
