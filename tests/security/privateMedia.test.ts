// Private media end to end: resumes and attachments download only through short-lived links the API signs, and
// only for users allowed to see them (the freelancer; the client of a job the freelancer proposed on). Pointing
// your own link at somebody else's file gets no signature.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient, registerFreelancer, type Account } from "../support/api.ts";
import { job, proposal } from "../support/marketplace.ts";
import { bytesOf, pdfDocument, startMedia, upload, uploadForm, type MediaHarness } from "../media/harness.ts";
import { defaultPrivateGroups } from "../../media/groups.ts";

const key = "private-media-test-key-0123456789";
const { api: a } = useStack({ services: ["users", "jobs"], env: { MEDIA_SIGNING_KEY: key } });
let media: MediaHarness;
beforeAll(async () => {
  media = await startMedia({ MEDIA_PRIVATE_GROUPS: defaultPrivateGroups, MEDIA_SIGNING_KEY: key });
});
afterAll(() => media?.stop());

async function uploaded(group: string, owner: Account, name: string) {
  const bytes = pdfDocument(`${group} of ${owner.email}`);
  const res = await upload(media, group, uploadForm(bytes, `${owner.id}-${name}`));
  expect(res.status).toBe(201);
  return { bytes, url: media.base + ((await res.json()) as { path: string }).path };
}

describe("private media through the API", () => {
  it("hands signed links only to whoever may see the file, and the media server honours only those", async () => {
    const freelancer = await registerFreelancer(a);
    const client = await registerClient(a);
    const stranger = await registerClient(a);
    const resume = await uploaded("resume", freelancer, "cv");
    const portfolio = await uploaded("attachments", freelancer, "portfolio");
    expect((await fetch(resume.url)).status).toBe(403); // the stored link alone opens nothing
    expect((await a.post("/api/v1/users/freelancer/resume", { resumeLink: resume.url }, freelancer.token)).status).toBe(
      200,
    );

    // The freelancer's own resume.
    const own = (await a.get("/api/v1/users/freelancer/resume", freelancer.token)).body.resumeLink as string;
    expect(own).toStartWith(`${resume.url}?expires=`);
    expect(await bytesOf(await fetch(own))).toEqual(resume.bytes);
    const profile = (await a.get("/api/v1/users/freelancer/profile", freelancer.token)).body;
    expect(profile.resumeLink).toStartWith(`${resume.url}?expires=`);

    // The client of the job the freelancer proposed on: the attachments and the proposer's resume.
    const posted = await a.post("/api/v1/jobs", job(), client.token);
    const attachments = [{ name: "portfolio", url: portfolio.url }];
    const sent = await a.post(`/api/v1/jobs/${posted.body.id}/proposals`, proposal({ attachments }), freelancer.token);
    expect(sent.status).toBe(201);
    const listed = (await a.get(`/api/v1/jobs/${posted.body.id}/proposals`, client.token)).body;
    expect(await bytesOf(await fetch(listed[0].attachments[0].url))).toEqual(portfolio.bytes);
    const theirs = (await a.get(`/api/v1/proposals/${sent.body.id}`, freelancer.token)).body;
    expect((await fetch(theirs.attachments[0].url)).status).toBe(200);
    const resumePath = `/api/v1/jobs/${posted.body.id}/proposals/${sent.body.id}/resume`;
    const proposer = await a.get(resumePath, client.token);
    expect(proposer.status).toBe(200);
    expect(await bytesOf(await fetch(proposer.body.resumeLink))).toEqual(resume.bytes);

    // Nobody else.
    expect((await a.get(resumePath, stranger.token)).status).toBe(403);
    expect((await a.get(`/api/v1/proposals/${sent.body.id}`, stranger.token)).status).toBe(403);
    expect((await a.get(resumePath, freelancer.token)).status).toBe(403);
  });

  it("does not sign a link pointing at another user's file", async () => {
    const victim = await registerFreelancer(a);
    const attacker = await registerFreelancer(a);
    const resume = await uploaded("resume", victim, "cv");
    await a.post("/api/v1/users/freelancer/resume", { resumeLink: resume.url }, attacker.token);
    const link = (await a.get("/api/v1/users/freelancer/resume", attacker.token)).body.resumeLink as string;
    expect(link).toBe(resume.url); // unsigned
    expect((await fetch(link)).status).toBe(403);
  });
});

describe("the media server's own surface", () => {
  it("lists private groups only with credentials and serves no /metrics on its public port", async () => {
    for (const group of ["resume", "attachments"])
      expect((await fetch(`${media.base}/describe/${group}`)).status).toBe(401);
    expect((await fetch(`${media.base}/metrics`)).status).toBe(404);
    expect((await fetch(`${media.metricsBase}/metrics`)).status).toBe(200);
  });
});
