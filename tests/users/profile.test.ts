import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { registerClient, registerFreelancer, uniqueEmail } from "../support/api.ts";

const { stack, api: a } = useStack({ services: ["users"], inProcess: true });

describe("client profile", () => {
  it("answers the updated profile and keeps the fields that were left out", async () => {
    const c = await registerClient(a, { industry: "Retail", city: "Giza", description: "We sell", employeeCount: 12 });
    const set = await a.post("/api/v1/users/client/profile", { name: "Acme Global", city: "Alexandria" }, c.token);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      id: c.id,
      name: "Acme Global",
      city: "Alexandria",
      industry: "Retail",
      description: "We sell",
      employeeCount: 12,
      email: c.email,
    });
    const read = await a.get("/api/v1/users/client/profile", c.token);
    expect(read.body).toEqual(set.body);
  });

  it("clears an optional field set to null", async () => {
    const c = await registerClient(a, { industry: "Retail", employeeCount: 5 });
    const set = await a.post("/api/v1/users/client/profile", { industry: null, employeeCount: null }, c.token);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ industry: null, employeeCount: null, name: "Acme Ltd" });
    expect((await a.get("/api/v1/users/client/profile", c.token)).body).toMatchObject({
      industry: null,
      employeeCount: null,
    });
  });

  it("refuses to take an email another account holds, with 409 on the email field", async () => {
    const c = await registerClient(a);
    const f = await registerFreelancer(a);
    const res = await a.post("/api/v1/users/client/profile", { email: f.email.toUpperCase(), city: "Luxor" }, c.token);
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe("email");
    const read = await a.get("/api/v1/users/client/profile", c.token);
    expect(read.body).toMatchObject({ email: c.email, city: null });
  });

  it("logs in with the new email at once after a change, and no longer with the old one", async () => {
    const c = await registerClient(a);
    const email = uniqueEmail("moved");
    expect((await a.post("/api/v1/users/client/profile", { email }, c.token)).status).toBe(200);
    expect((await a.post("/api/v1/users/login", { email, password: c.password })).status).toBe(200);
    expect((await a.post("/api/v1/users/login", { email: c.email, password: c.password })).status).toBe(401);
  });

  it("lets an account change the letter case of its own email without a conflict", async () => {
    const c = await registerClient(a);
    const res = await a.post("/api/v1/users/client/profile", { email: c.email.toUpperCase() }, c.token);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(c.email.toUpperCase());
  });

  it("sets, reads and clears the photo link", async () => {
    const c = await registerClient(a);
    expect((await a.get("/api/v1/users/client/photo", c.token)).body).toEqual({ photoLink: null });
    const set = await a.post(
      "/api/v1/users/client/photo",
      { photoLink: "https://media.example.com/photos/c.png" },
      c.token,
    );
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ photoLink: "https://media.example.com/photos/c.png" });
    expect((await a.get("/api/v1/users/client/photo", c.token)).body).toEqual(set.body);
    expect((await a.post("/api/v1/users/client/photo", { photoLink: null }, c.token)).body).toEqual({
      photoLink: null,
    });
    expect((await a.get("/api/v1/users/client/photo", c.token)).body).toEqual({ photoLink: null });
  });
});

describe("freelancer profile", () => {
  it("returns the birth date given at registration, and empty skill and language lists", async () => {
    const f = await registerFreelancer(a, { birthDate: "1994-07-31", jobTitle: "Engineer", city: "Cairo" });
    const res = await a.get("/api/v1/users/freelancer/profile", f.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: f.id,
      email: f.email,
      fullName: "Fran Lancer",
      jobTitle: "Engineer",
      city: "Cairo",
      description: null,
      birthDate: "1994-07-31",
      photoLink: null,
      resumeLink: null,
      skills: [],
      languages: [],
    });
    const sql = stack.db("users");
    const [row] = await sql`select to_char(birth_date, 'YYYY-MM-DD') as d from users where id = ${f.id}`;
    await sql.end();
    expect(row.d).toBe("1994-07-31");
  });

  it("updates only the given fields and answers the new profile", async () => {
    const f = await registerFreelancer(a, { birthDate: "1990-01-02", jobTitle: "Engineer", city: "Cairo" });
    const set = await a.post(
      "/api/v1/users/freelancer/profile",
      { description: "Rust and Go", birthDate: "1991-03-04" },
      f.token,
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      description: "Rust and Go",
      birthDate: "1991-03-04",
      jobTitle: "Engineer",
      city: "Cairo",
      fullName: "Fran Lancer",
    });
    expect((await a.get("/api/v1/users/freelancer/profile", f.token)).body).toEqual(set.body);
  });

  it("clears the birth date and other optional fields set to null", async () => {
    const f = await registerFreelancer(a, { birthDate: "1990-01-02", city: "Cairo" });
    const set = await a.post("/api/v1/users/freelancer/profile", { birthDate: null, city: null }, f.token);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ birthDate: null, city: null, fullName: "Fran Lancer" });
  });

  it("refuses a day that does not exist with 400 on its field, at registration and on update", async () => {
    const f = await registerFreelancer(a, { birthDate: "1990-01-02" });
    const set = await a.post("/api/v1/users/freelancer/profile", { birthDate: "1990-02-30" }, f.token);
    expect(set.status).toBe(400);
    expect(set.body.error.field).toBe("birthDate");
    expect((await a.get("/api/v1/users/freelancer/profile", f.token)).body.birthDate).toBe("1990-01-02");
    const reg = await a.post("/api/v1/users/freelancers/register", {
      email: uniqueEmail(),
      password: "password-123",
      fullName: "X",
      birthDate: "2001-13-01",
    });
    expect(reg.status).toBe(400);
    expect(reg.body.error.field).toBe("birthDate");
  });

  it("refuses an email a client holds with 409 on the email field", async () => {
    const c = await registerClient(a);
    const f = await registerFreelancer(a);
    const res = await a.post("/api/v1/users/freelancer/profile", { email: c.email }, f.token);
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe("email");
  });

  it("answers its own brief: email and full name", async () => {
    const f = await registerFreelancer(a);
    await a.post("/api/v1/users/freelancer/profile", { fullName: "Frances Lancer" }, f.token);
    const res = await a.get("/api/v1/users/freelancer/profile_briefs", f.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: f.email, fullName: "Frances Lancer" });
  });

  it("sets and reads the photo and the resume links", async () => {
    const f = await registerFreelancer(a);
    expect((await a.get("/api/v1/users/freelancer/photo", f.token)).body).toEqual({ photoLink: null });
    expect((await a.get("/api/v1/users/freelancer/resume", f.token)).body).toEqual({ resumeLink: null });
    const photo = await a.post(
      "/api/v1/users/freelancer/photo",
      { photoLink: "https://media.example.com/photos/f.png" },
      f.token,
    );
    const resume = await a.post(
      "/api/v1/users/freelancer/resume",
      { resumeLink: "https://media.example.com/resume/f.pdf" },
      f.token,
    );
    expect(photo).toMatchObject({ status: 200, body: { photoLink: "https://media.example.com/photos/f.png" } });
    expect(resume).toMatchObject({ status: 200, body: { resumeLink: "https://media.example.com/resume/f.pdf" } });
    expect((await a.get("/api/v1/users/freelancer/photo", f.token)).body).toEqual(photo.body);
    expect((await a.get("/api/v1/users/freelancer/resume", f.token)).body).toEqual(resume.body);
    expect((await a.get("/api/v1/users/freelancer/profile", f.token)).body).toMatchObject({
      ...photo.body,
      ...resume.body,
    });
    expect((await a.post("/api/v1/users/freelancer/resume", { resumeLink: null }, f.token)).body).toEqual({
      resumeLink: null,
    });
  });
});
