// The whole marketplace deal through the API on each topology: every service on PostgreSQL (always), and the seed's
// (users on MongoDB, jobs and contracts on Cassandra) when both servers answer here.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { MongoClient } from "mongodb";
import { startStack, type Stack } from "../support/stack.ts";
import { api, registerClient, registerFreelancer, type Api } from "../support/api.ts";
import { deal } from "../support/marketplace.ts";
import { cassandraUnavailable, dropKeyspace, freshCassandra, mongoUnavailable } from "./targets.ts";

const mongoSkip = await mongoUnavailable();
const cassandraSkip = await cassandraUnavailable();
const seedSkip =
  [mongoSkip && `mongo: ${mongoSkip}`, cassandraSkip && `cassandra: ${cassandraSkip}`].filter(Boolean).join("; ") ||
  null;
if (seedSkip) console.log(`[topology] skipped the seed topology (${seedSkip})`);

const topologies: Array<{ name: string; env: Record<string, string>; skip: string | null; domainInPostgres: boolean }> =
  [
    { name: "every service on PostgreSQL", env: {}, skip: null, domainInPostgres: true },
    {
      name: "the seed's (users on MongoDB, jobs and contracts on Cassandra)",
      env: { USERS_STORE: "mongo", JOBS_STORE: "cassandra", CONTRACTS_STORE: "cassandra" },
      skip: seedSkip,
      domainInPostgres: false,
    },
  ];

for (const topology of topologies) {
  if (topology.skip) {
    describe(`the marketplace on ${topology.name}`, () => it.skip(`skipped: ${topology.skip}`, () => {}));
    continue;
  }
  describe(`the marketplace on ${topology.name}`, () => {
    let stack: Stack;
    let a: Api;
    beforeAll(async () => {
      stack = await startStack({ env: topology.env });
      a = api(stack.url);
    }, 180_000);
    afterAll(async () => {
      await stack?.stop();
      if (!stack || topology.domainInPostgres) return;
      const client = new MongoClient(process.env.MONGO_URL!);
      try {
        await client.db(`${stack.ns}_users`).dropDatabase();
      } finally {
        await client.close();
      }
      for (const service of ["jobs", "contracts"]) await dropKeyspace(freshCassandra(service, stack.ns));
    }, 60_000);

    it("makes a deal: job, proposal, contract, milestone accepted and paid, termination requested", async () => {
      const [client, freelancer] = [await registerClient(a), await registerFreelancer(a)];
      const d = await deal(a, client, freelancer);
      const contract = await a.get(`/api/v1/contracts/${d.contractId}`, client.token);
      expect(contract.status).toBe(200);
      expect(contract.body.milestones.map((m: { status: string }) => m.status)).toEqual(["PAID", "OPEN"]);
      const job = await a.get(`/api/v1/jobs/${d.jobId}`, client.token);
      expect(job.body).toMatchObject({ id: d.jobId, active: false });
      const pending = await a.get(`/api/v1/contracts/${d.contractId}/terminations`, client.token);
      expect(pending.body.terminationRequests.map((r: { id: string }) => r.id)).toEqual([d.terminationId]);
    });

    it("keeps the domain data in the chosen store, and the runtime's tables in PostgreSQL", async () => {
      const users = stack.db("users");
      try {
        const [{ accounts }] = await users`select count(*)::int as accounts from users`;
        const [{ writes }] = await users`select count(*)::int as writes from request_log`;
        expect({ accountsInPostgres: accounts > 0, writesLogged: writes > 0 }).toEqual({
          accountsInPostgres: topology.domainInPostgres,
          writesLogged: true,
        });
      } finally {
        await users.end();
      }
    });
  });
}
