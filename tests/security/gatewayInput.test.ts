// The gateway's input rules over real HTTP: a body route's input is its body and path parameters (a query string
// cannot override a validated field), undeclared query parameters are refused by name, oversized bodies get the
// JSON 413 whether their size is declared or chunked, and every answer carries nosniff (no-store on the API).
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient, registerFreelancer } from "../support/api.ts";
import { job, proposal } from "../support/marketplace.ts";

const { stack, api: a } = useStack({ services: ["users", "jobs"] });

async function openProposal() {
  const client = await registerClient(a);
  const freelancer = await registerFreelancer(a);
  const created = await a.post("/api/v1/jobs", job(), client.token);
  const sent = await a.post(`/api/v1/jobs/${created.body.id}/proposals`, proposal(), freelancer.token);
  expect(sent.status).toBe(201);
  return { client, freelancer, proposalId: sent.body.id as string };
}

/** A body sent in chunks of 64 KiB, with no Content-Length. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(65_536, bytes - sent);
      controller.enqueue(new TextEncoder().encode(" ".repeat(size)));
      sent += size;
    },
  });
}

describe("query parameters", () => {
  it("refuses a query parameter that would override a body field, naming it, and changes nothing", async () => {
    const { freelancer, proposalId } = await openProposal();
    const path = `/api/v1/proposals/${proposalId}?coverLetter=fromquery`;
    const res = await a.put(path, proposal({ coverLetter: "frombody" }), freelancer.token);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("coverLetter");
    expect(res.body.error.message).toContain("coverLetter");
    const stored = await a.get(`/api/v1/proposals/${proposalId}`, freelancer.token);
    expect(stored.body.coverLetter).toBe(proposal().coverLetter);
    const fine = await a.put(
      `/api/v1/proposals/${proposalId}`,
      proposal({ coverLetter: "frombody" }),
      freelancer.token,
    );
    expect(fine.status).toBe(200);
    expect((await a.get(`/api/v1/proposals/${proposalId}`, freelancer.token)).body.coverLetter).toBe("frombody");
  });

  it("refuses undeclared query parameters on a read and accepts the declared ones", async () => {
    const client = await registerClient(a);
    const created = await a.post("/api/v1/jobs", job(), client.token);
    const unknown = await a.get(`/api/v1/jobs/${created.body.id}?debug=1&x=2`, client.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: "invalid", field: "debug" });
    expect(unknown.body.error.message).toContain("debug, x");
    expect((await a.get(`/api/v1/jobs/search?query=marketplace`, client.token)).status).toBe(200);
  });
});

describe("body size", () => {
  const limit = 1_048_576;
  it("answers a declared oversized body with the JSON 413 error", async () => {
    const client = await registerClient(a);
    const res = await a.call("POST", "/api/v1/jobs", { token: client.token, raw: `{"title":"${"x".repeat(limit)}"}` });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ status: 413, code: "too_large" });
  });

  it("answers a chunked oversized body (no Content-Length) with the JSON 413 error", async () => {
    const client = await registerClient(a);
    const res = await fetch(`${stack.url}/api/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.token}`, "content-type": "application/json" },
      body: chunked(3 * limit),
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error).toMatchObject({ status: 413, code: "too_large" });
  });

  it("still accepts a chunked body within the limit", async () => {
    const client = await registerClient(a);
    const text = JSON.stringify(job({ title: "chunked but small" }));
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text.slice(0, 20)));
        controller.enqueue(new TextEncoder().encode(text.slice(20)));
        controller.close();
      },
    });
    const res = await fetch(`${stack.url}/api/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${client.token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    });
    expect(res.status).toBe(201);
  });
});

describe("headers", () => {
  it("sends nosniff on every answer and no-store on tokens and private data", async () => {
    const client = await registerClient(a);
    const answers = {
      login: await a.post("/api/v1/users/login", { email: client.email, password: client.password }),
      profile: await a.get("/api/v1/users/me", client.token),
      error: await a.get("/api/v1/jobs/not-a-uuid", client.token),
      unauthenticated: await a.get("/api/v1/users/me"),
      notFound: await a.get("/no/such/route"),
      health: await a.get("/healthz"),
    };
    for (const [name, res] of Object.entries(answers))
      expect([name, res.headers.get("x-content-type-options")]).toEqual([name, "nosniff"]);
    for (const name of ["login", "profile", "error", "unauthenticated"] as const)
      expect([name, answers[name].headers.get("cache-control")]).toEqual([name, "no-store"]);
  });
});

describe("link fields", () => {
  it("accept only http(s) URLs: javascript:, data: and relative links get 400 naming the field", async () => {
    const freelancer = await registerFreelancer(a);
    const client = await registerClient(a);
    const created = await a.post("/api/v1/jobs", job(), client.token);
    const bad = ["javascript:alert(document.cookie)", "JaVaScRiPt://x%0aalert(1)", "data:text/html,<script>", "/x"];
    for (const link of bad) {
      const photo = await a.post("/api/v1/users/freelancer/photo", { photoLink: link }, freelancer.token);
      const resume = await a.post("/api/v1/users/freelancer/resume", { resumeLink: link }, freelancer.token);
      const attachments = [{ name: "cv", url: link }];
      const sent = await a.post(
        `/api/v1/jobs/${created.body.id}/proposals`,
        proposal({ attachments }),
        freelancer.token,
      );
      for (const [res, field] of [
        [photo, "photoLink"],
        [resume, "resumeLink"],
        [sent, "attachments"],
      ] as const) {
        expect([link, res.status]).toEqual([link, 400]);
        expect(res.body.error.field).toContain(field);
      }
    }
    expect((await a.get("/api/v1/users/freelancer/photo", freelancer.token)).body.photoLink).toBeNull();
    const good = "https://media.example.com/static/photos/me.png";
    expect((await a.post("/api/v1/users/freelancer/photo", { photoLink: good }, freelancer.token)).status).toBe(200);
  });
});
