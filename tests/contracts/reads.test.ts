import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { PDFDocument } from "pdf-lib";
import { rpcClient, type TestRpc } from "../support/rpc.ts";
import { cast, milestoneInput, newContract, pdfText, type Cast } from "./arrange.ts";

const { stack, api: a } = useStack({
  services: ["users", "contracts"],
  env: { GATEWAY_TIMEOUT_MS: "30000" },
  inProcess: true,
});
let rpc: TestRpc;
let people: Cast;
beforeAll(async () => {
  rpc = await rpcClient(stack.ns);
  people = await cast(a);
}, 180_000);
afterAll(async () => {
  await rpc?.close();
});

const C = "/api/v1/contracts";
const readPaths = (contractId: string, milestoneId: string) => [
  `${C}/${contractId}`,
  `${C}/${contractId}/milestones`,
  `${C}/milestones/${milestoneId}`,
  `${C}/${contractId}/terminations`,
  `${C}/${contractId}/print`,
];

async function fetchPdf(contractId: string, token: string) {
  const res = await fetch(`${stack.url}${C}/${contractId}/print`, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe("reading contracts", () => {
  it("shows a contract with its milestones to its client, its freelancer and an admin", async () => {
    const contract = await newContract(rpc, people, {
      jobTitle: "Logo design",
      milestones: [milestoneInput("Sketches", "150.25", "2030-05-01"), milestoneInput("Final", 300, "2030-06-01")],
    });
    const expected = {
      id: contract.id,
      jobId: contract.jobId,
      proposalId: contract.proposalId,
      jobTitle: "Logo design",
      clientId: people.client.id,
      freelancerId: people.freelancer.id,
      status: "ACTIVE",
      milestones: [
        {
          id: contract.milestones[0].id,
          contractId: contract.id,
          description: "Sketches",
          amount: 150.25,
          dueDate: "2030-05-01",
          status: "OPEN",
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
        {
          id: contract.milestones[1].id,
          contractId: contract.id,
          description: "Final",
          amount: 300,
          dueDate: "2030-06-01",
          status: "OPEN",
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      ],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    };
    for (const token of [people.client.token, people.freelancer.token, people.admin]) {
      const res = await a.get(`${C}/${contract.id}`, token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected);
      const list = await a.get(`${C}/${contract.id}/milestones`, token);
      expect(list.body).toEqual({ milestones: expected.milestones });
      const one = await a.get(`${C}/milestones/${contract.milestones[1].id}`, token);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(expected.milestones[1]);
      expect((await a.get(`${C}/${contract.id}/terminations`, token)).body).toEqual({ terminationRequests: [] });
    }
  });

  it("refuses every read to a signed-in stranger with 403, whether or not the data is cached", async () => {
    const contract = await newContract(rpc, people);
    const paths = readPaths(contract.id, contract.milestones[0].id);
    for (const path of paths)
      expect({ path, status: (await a.get(path, people.client.token)).status }).toEqual({ path, status: 200 });
    for (const token of [people.otherClient.token, people.otherFreelancer.token]) {
      for (const path of paths) {
        const res = await a.get(path, token);
        expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
          path,
          status: 403,
          code: "forbidden",
        });
      }
    }
  });

  it("answers 401 without a token, 404 for unknown ids and 400 naming the id for malformed ones", async () => {
    const contract = await newContract(rpc, people);
    for (const path of readPaths(contract.id, contract.milestones[0].id)) expect((await a.get(path)).status).toBe(401);
    for (const path of readPaths(crypto.randomUUID(), crypto.randomUUID())) {
      expect({ path, status: (await a.get(path, people.admin)).status }).toEqual({ path, status: 404 });
    }
    for (const path of readPaths("bruh", "123")) {
      const res = await a.get(path, people.admin);
      expect({ path, status: res.status, field: res.body?.error?.field }).toEqual({ path, status: 400, field: "id" });
    }
  });

  it(
    "routes /contracts/milestones/{id} to the milestone and /contracts/{id}/milestones to the " + "contract's list",
    async () => {
      const contract = await newContract(rpc, people);
      const m = contract.milestones[0];
      const milestone = await a.get(`${C}/milestones/${m.id}`, people.client.token);
      expect(milestone.status).toBe(200);
      expect(milestone.body.id).toBe(m.id);
      // A milestone id is not a contract id: the contract routes do not find it.
      expect((await a.get(`${C}/${m.id}`, people.client.token)).status).toBe(404);
      const list = await a.get(`${C}/${contract.id}/milestones`, people.client.token);
      expect(list.body.milestones.map((x: { id: string }) => x.id)).toEqual([m.id]);
    },
  );
});

describe("printing a contract", () => {
  it("answers a PDF of the contract and its milestones to its parties and an admin", async () => {
    const contract = await newContract(rpc, people, {
      jobTitle: "Mobile app",
      milestones: [
        milestoneInput("Prototype", "1200.5", "2030-03-15"),
        milestoneInput("Store release", "800", "2030-04-30"),
      ],
    });
    for (const token of [people.client.token, people.freelancer.token, people.admin]) {
      const { res, bytes } = await fetchPdf(contract.id, token);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toContain(`contract-${contract.id}.pdf`);
      expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      expect(doc.getTitle()).toContain(contract.id);
      const text = pdfText(bytes);
      for (const shown of [
        contract.id,
        "Mobile app",
        "ACTIVE",
        people.client.id,
        people.freelancer.id,
        "Prototype",
        "1200.50",
        "2030-03-15",
        "Store release",
        "800.00",
        "OPEN",
        contract.milestones[1].id,
        "total 2000.50",
      ]) {
        expect(text).toContain(shown);
      }
    }
  });

  it("shows the current state: a milestone's progress appears in the next print", async () => {
    const contract = await newContract(rpc, people);
    expect(pdfText((await fetchPdf(contract.id, people.client.token)).bytes)).toContain("Status: OPEN");
    expect(
      (await a.post(`${C}/milestones/${contract.milestones[0].id}/progress`, {}, people.freelancer.token)).status,
    ).toBe(200);
    expect(pdfText((await fetchPdf(contract.id, people.client.token)).bytes)).toContain("Status: IN_PROGRESS");
  });

  it("wraps long descriptions over several pages and survives characters the PDF font lacks", async () => {
    const long = "Implement the reporting module with exports, filters and dashboards. ".repeat(25) + "x".repeat(200);
    const milestones = Array.from({ length: 30 }, (_, i) => milestoneInput(`${i + 1}: ${long}`, "10.00"));
    const contract = await newContract(rpc, people, { jobTitle: "Café ☕ 日本語 rewrite", milestones });
    const { res, bytes } = await fetchPdf(contract.id, people.client.token);
    expect(res.status).toBe(200);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(5);
    const text = pdfText(bytes);
    expect(text).toContain("Café ? ??? rewrite");
    expect(text).toContain(contract.milestones[29].id);
    expect(text).toContain("total 300.00");
  });

  it("refuses strangers with 403 and answers JSON errors for unknown contracts", async () => {
    const contract = await newContract(rpc, people);
    const { res } = await fetchPdf(contract.id, people.otherFreelancer.token);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect((await a.get(`${C}/${crypto.randomUUID()}/print`, people.client.token)).status).toBe(404);
  });
});
