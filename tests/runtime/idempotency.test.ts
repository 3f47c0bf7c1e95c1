import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerFreelancer } from "../support/api.ts";

const { api: a } = useStack({ services: ["users"], inProcess: true });

describe("Idempotency-Key", () => {
  it("answers a repeated request with the first reply and refuses the key for a different request", async () => {
    const f = await registerFreelancer(a);
    const first = await a.post("/api/v1/users/freelancer/skills", { newSkill: "go" }, f.token, {
      "idempotency-key": "add-go",
    });
    const again = await a.post("/api/v1/users/freelancer/skills", { newSkill: "go" }, f.token, {
      "idempotency-key": "add-go",
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await a.post("/api/v1/users/freelancer/skills", { newSkill: "rust" }, f.token, {
      "idempotency-key": "add-go",
    });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain("Idempotency-Key");
    expect((await a.get("/api/v1/users/freelancer/skills", f.token)).body.skills).toEqual(["go"]);
  });

  it("keeps keys apart per user", async () => {
    const f1 = await registerFreelancer(a);
    const f2 = await registerFreelancer(a);
    await a.post("/api/v1/users/freelancer/skills", { newSkill: "go" }, f1.token, { "idempotency-key": "same" });
    const res = await a.post("/api/v1/users/freelancer/skills", { newSkill: "sql" }, f2.token, {
      "idempotency-key": "same",
    });
    expect(res.status).toBe(201);
    expect((await a.get("/api/v1/users/freelancer/skills", f2.token)).body.skills).toEqual(["sql"]);
  });
});
