import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { caller, postJob, proposalBody, propose } from "./jobsApi.ts";

const { stack, api: a } = useStack({ services: ["jobs"], inProcess: true });

/** Marks a job accepted behind the API's back (this file runs without the contracts service). */
async function deactivate(jobId: string) {
  const sql = stack.db("jobs");
  await sql`update jobs set active = false where id = ${jobId}`;
  await sql.end();
}

describe("making proposals", () => {
  it("creates a pending proposal with 201 and answers it with its id, job and freelancer", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const freelancer = caller("FREELANCER");
    const res = await a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(), freelancer.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      jobId: job.id,
      freelancerId: freelancer.id,
      status: "PENDING",
      coverLetter: "I have built three of these.",
      jobDuration: "ONE_TO_THREE_MONTHS",
      attachments: [{ name: "portfolio", url: "https://example.com/portfolio.pdf" }],
      milestones: [
        { description: "Design", amount: 500, dueDate: "2030-06-01" },
        { description: "Build", amount: 1000.5, dueDate: "2030-07-01" },
      ],
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const sql = stack.db("jobs");
    const rows = await sql`select amount::text as amount, due_date::text as due from proposal_milestones
        where proposal_id = ${res.body.id} order by position`;
    await sql.end();
    expect([...rows]).toEqual([
      { amount: "500.00", due: "2030-06-01" },
      { amount: "1000.50", due: "2030-07-01" },
    ]);
  });

  it("answers 404 for an unknown job and 400 for a malformed job id", async () => {
    const token = caller("FREELANCER").token;
    expect((await a.post(`/api/v1/jobs/${crypto.randomUUID()}/proposals`, proposalBody(), token)).status).toBe(404);
    const malformed = await a.post("/api/v1/jobs/123/proposals", proposalBody(), token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe("id");
  });

  it("refuses a proposal on an inactive job with 409", async () => {
    const job = await postJob(a, caller("CLIENT"));
    await deactivate(job.id);
    const res = await a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(), caller("FREELANCER").token);
    expect(res.status).toBe(409);
  });

  it("allows one proposal per freelancer per job (409 for the second), even when both arrive at once", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const freelancer = caller("FREELANCER");
    const both = await Promise.all(
      [0, 1].map(() => a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(), freelancer.token)),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const third = await a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(), freelancer.token);
    expect(third.status).toBe(409);
    await propose(a, job.id, caller("FREELANCER")); // another freelancer still may
  });

  it("lets only freelancers propose", async () => {
    const job = await postJob(a, caller("CLIENT"));
    expect((await a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(), caller("CLIENT").token)).status).toBe(403);
  });
});

describe("proposal validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an empty cover letter", { coverLetter: "" }, "coverLetter"],
    ["an unknown job duration", { jobDuration: "FOREVER" }, "jobDuration"],
    ["no milestones", { milestones: [] }, "milestones"],
    ["missing milestones", { milestones: undefined }, "milestones"],
    [
      "a zero milestone amount",
      { milestones: [{ description: "A", amount: 0, dueDate: "2030-01-01" }] },
      "milestones.0.amount",
    ],
    [
      "a negative milestone amount",
      { milestones: [{ description: "A", amount: -10, dueDate: "2030-01-01" }] },
      "milestones.0.amount",
    ],
    [
      "a milestone amount with three decimals",
      {
        milestones: [
          { description: "A", amount: 1, dueDate: "2030-01-01" },
          { description: "B", amount: 1.005, dueDate: "2030-01-01" },
        ],
      },
      "milestones.1.amount",
    ],
    ["a milestone without a due date", { milestones: [{ description: "A", amount: 10 }] }, "milestones.0.dueDate"],
    [
      "a due date that does not exist",
      { milestones: [{ description: "A", amount: 10, dueDate: "2030-02-30" }] },
      "milestones.0.dueDate",
    ],
    [
      "a milestone without a description",
      { milestones: [{ description: "", amount: 10, dueDate: "2030-01-01" }] },
      "milestones.0.description",
    ],
    ["an attachment without a url", { attachments: [{ name: "x" }] }, "attachments.0.url"],
  ];
  for (const [what, change, field] of cases) {
    it(`refuses ${what} with 400 naming ${field}`, async () => {
      const job = await postJob(a, caller("CLIENT"));
      const res = await a.post(`/api/v1/jobs/${job.id}/proposals`, proposalBody(change), caller("FREELANCER").token);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    });
  }
});

describe("who sees proposals", () => {
  it("shows the job's client every proposal of the job, and a new proposal right after it is made", async () => {
    const client = caller("CLIENT");
    const job = await postJob(a, client);
    const first = await propose(a, job.id, caller("FREELANCER"));
    const before = await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token);
    expect(before.status).toBe(200);
    expect(before.body).toEqual([first]);
    const second = await propose(a, job.id, caller("FREELANCER"));
    const after = await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token);
    expect(after.body).toEqual([first, second]);
  });

  it("shows a freelancer only their own proposal on a job", async () => {
    const job = await postJob(a, caller("CLIENT"));
    const mine = caller("FREELANCER");
    const own = await propose(a, job.id, mine);
    await propose(a, job.id, caller("FREELANCER"));
    const res = await a.get(`/api/v1/jobs/${job.id}/proposals`, mine.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([own]);
    const stranger = await a.get(`/api/v1/jobs/${job.id}/proposals`, caller("FREELANCER").token);
    expect(stranger.body).toEqual([]);
  });

  it("answers 403 to another client or an admin, 404 for an unknown job", async () => {
    const job = await postJob(a, caller("CLIENT"));
    await propose(a, job.id, caller("FREELANCER"));
    expect((await a.get(`/api/v1/jobs/${job.id}/proposals`, caller("CLIENT").token)).status).toBe(403);
    expect((await a.get(`/api/v1/jobs/${job.id}/proposals`, caller("ADMIN").token)).status).toBe(403);
    expect((await a.get(`/api/v1/jobs/${crypto.randomUUID()}/proposals`, caller("CLIENT").token)).status).toBe(404);
    expect((await a.get(`/api/v1/jobs/${job.id}/proposals`)).status).toBe(401);
  });

  it("lists the freelancer's own proposals across jobs, newest first", async () => {
    const freelancer = caller("FREELANCER");
    const p1 = await propose(a, (await postJob(a, caller("CLIENT"))).id, freelancer);
    const p2 = await propose(a, (await postJob(a, caller("CLIENT"))).id, freelancer);
    await propose(a, (await postJob(a, caller("CLIENT"))).id, caller("FREELANCER"));
    const res = await a.get("/api/v1/jobs/me/proposals", freelancer.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([p2, p1]);
    expect((await a.get("/api/v1/jobs/me/proposals", caller("CLIENT").token)).status).toBe(403);
  });

  it("shows one proposal to its freelancer and the job's client, 403 to anyone else, 404 when unknown", async () => {
    const client = caller("CLIENT");
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, (await postJob(a, client)).id, freelancer);
    for (const who of [client, freelancer]) {
      const res = await a.get(`/api/v1/proposals/${proposal.id}`, who.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(proposal);
    }
    expect((await a.get(`/api/v1/proposals/${proposal.id}`, caller("FREELANCER").token)).status).toBe(403);
    expect((await a.get(`/api/v1/proposals/${proposal.id}`, caller("CLIENT").token)).status).toBe(403);
    expect((await a.get(`/api/v1/proposals/${crypto.randomUUID()}`, client.token)).status).toBe(404);
    expect((await a.get("/api/v1/proposals/nope", client.token)).status).toBe(400);
  });
});

describe("changing a proposal", () => {
  it("lets its freelancer replace cover letter, duration and milestones while pending", async () => {
    const client = caller("CLIENT");
    const freelancer = caller("FREELANCER");
    const job = await postJob(a, client);
    const proposal = await propose(a, job.id, freelancer);
    await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token); // fill the cache
    const res = await a.put(
      `/api/v1/proposals/${proposal.id}`,
      {
        coverLetter: "Updated cover letter",
        jobDuration: "LESS_THAN_A_MONTH",
        milestones: [{ description: "Everything", amount: 600, dueDate: "2030-06-15" }],
      },
      freelancer.token,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: proposal.id,
      jobId: job.id,
      status: "PENDING",
      coverLetter: "Updated cover letter",
      jobDuration: "LESS_THAN_A_MONTH",
      attachments: proposal.attachments,
      milestones: [{ description: "Everything", amount: 600, dueDate: "2030-06-15" }],
    });
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThan(new Date(proposal.updatedAt).getTime());
    expect((await a.get(`/api/v1/proposals/${proposal.id}`, freelancer.token)).body).toEqual(res.body);
    expect((await a.get(`/api/v1/jobs/${job.id}/proposals`, client.token)).body).toEqual([res.body]);
  });

  it("changes only the fields given", async () => {
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, (await postJob(a, caller("CLIENT"))).id, freelancer);
    const res = await a.put(`/api/v1/proposals/${proposal.id}`, { coverLetter: "Only this" }, freelancer.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      coverLetter: "Only this",
      jobDuration: proposal.jobDuration,
      milestones: proposal.milestones,
    });
    const attachments = [{ name: "cv", url: "https://example.com/cv.pdf" }];
    const replaced = await a.put(`/api/v1/proposals/${proposal.id}`, { attachments }, freelancer.token);
    expect(replaced.body).toMatchObject({ coverLetter: "Only this", attachments });
  });

  it("answers 403 to anyone but its freelancer, 404 when unknown, 400 for bad or empty changes", async () => {
    const client = caller("CLIENT");
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, (await postJob(a, client)).id, freelancer);
    expect(
      (await a.put(`/api/v1/proposals/${proposal.id}`, { coverLetter: "Mine now" }, caller("FREELANCER").token)).status,
    ).toBe(403);
    expect((await a.put(`/api/v1/proposals/${proposal.id}`, { coverLetter: "Mine now" }, client.token)).status).toBe(
      403,
    );
    expect(
      (await a.put(`/api/v1/proposals/${crypto.randomUUID()}`, { coverLetter: "x" }, freelancer.token)).status,
    ).toBe(404);
    const noMilestones = await a.put(`/api/v1/proposals/${proposal.id}`, { milestones: [] }, freelancer.token);
    expect(noMilestones.status).toBe(400);
    expect(noMilestones.body.error.field).toBe("milestones");
    const badAmount = await a.put(
      `/api/v1/proposals/${proposal.id}`,
      { milestones: [{ description: "A", amount: 0, dueDate: "2030-01-01" }] },
      freelancer.token,
    );
    expect(badAmount.body.error.field).toBe("milestones.0.amount");
    expect((await a.put(`/api/v1/proposals/${proposal.id}`, {}, freelancer.token)).status).toBe(400);
    expect((await a.get(`/api/v1/proposals/${proposal.id}`, freelancer.token)).body).toEqual(proposal);
  });

  it("refuses with 409 once the proposal is no longer pending", async () => {
    const freelancer = caller("FREELANCER");
    const proposal = await propose(a, (await postJob(a, caller("CLIENT"))).id, freelancer);
    const sql = stack.db("jobs");
    await sql`update proposals set status = 'REJECTED' where id = ${proposal.id}`;
    await sql.end();
    const res = await a.put(`/api/v1/proposals/${proposal.id}`, { coverLetter: "Too late" }, freelancer.token);
    expect(res.status).toBe(409);
  });
});
