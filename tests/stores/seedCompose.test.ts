// compose/seed.yaml, the seed's topology (users on MongoDB, jobs and contracts on Cassandra): accepted by
// `docker stack config`, each store only on its service's network, healthchecks, and start-up order.
import { describe, expect, it } from "bun:test";
import { docker, networksOf, stackConfig, type Resolved } from "../compose/fixtures/stackConfig.ts";
import { root } from "../support/stack.ts";

const file = "compose/seed.yaml";
const { exitCode, stderr, resolved } = docker ? stackConfig(file) : { exitCode: -1, stderr: "", resolved: null };
const services: Record<string, Resolved> = resolved?.services ?? {};
const stores = {
  users: ["users_mongo", "mongo:7"],
  jobs: ["jobs_cassandra", "cassandra:4.1"],
  contracts: ["contracts_cassandra", "cassandra:4.1"],
} as const;
const health = Bun.YAML.parse(await Bun.file(`${root}/compose/seed.health.yaml`).text()) as Resolved;

describe.skipIf(!docker)(`${file}`, () => {
  it("is accepted by docker stack config", () => {
    expect({ exitCode, stderr: exitCode === 0 ? "" : stderr }).toEqual({ exitCode: 0, stderr: "" });
  });

  it(
    "runs users on MongoDB 7 and jobs and contracts on Cassandra 4.1, each selected and " + "addressed by environment",
    () => {
      for (const [service, [store, image]] of Object.entries(stores)) {
        expect(services[store].image).toBe(image);
        expect(services[service].environment[`${service.toUpperCase()}_STORE`]).toBe(
          service === "users" ? "mongo" : "cassandra",
        );
      }
      expect(services.users.environment.USERS_MONGO_URL_FILE).toBe("/run/secrets/users_mongo_url");
      expect(services.users.secrets.map((s: Resolved) => s.source)).toContain("users_mongo_url");
      expect(services.jobs.environment.JOBS_CASSANDRA_CONTACT_POINTS).toBe("jobs_cassandra:9042");
      expect(services.contracts.environment.CONTRACTS_CASSANDRA_CONTACT_POINTS).toBe("contracts_cassandra:9042");
      expect(services.payments.environment.PAYMENTS_STORE).toBeUndefined();
    },
  );

  it("keeps a PostgreSQL database beside every service for the runtime's tables, and payments on PostgreSQL", () => {
    for (const service of ["users", "jobs", "contracts", "payments"]) {
      expect(services[`${service}_db`].image).toStartWith("postgres:");
      expect(services[service].environment[`${service.toUpperCase()}_DATABASE_URL_FILE`]).toBe(
        `/run/secrets/${service}_database_url`,
      );
    }
  });

  it("puts each store only on its service's internal network, which only that service joins", () => {
    for (const [service, [store]] of Object.entries(stores)) {
      expect(networksOf(services[store])).toEqual([service]);
      const members = Object.entries(services)
        .filter(([, s]) => networksOf(s).includes(service))
        .map(([n]) => n)
        .sort();
      expect(members).toEqual([service, store, `${service}_db`].sort());
      expect(resolved?.networks[service].internal).toBe(true);
    }
  });

  it("gives every store a healthcheck that asks the server itself, and keeps its data in a named volume", () => {
    expect(services.users_mongo.healthcheck.test.join(" ")).toContain("mongosh");
    for (const store of ["jobs_cassandra", "contracts_cassandra"]) {
      expect(services[store].healthcheck.test.join(" ")).toContain("cqlsh");
      expect(services[store].volumes.map((v: Resolved) => v.target)).toEqual(["/var/lib/cassandra"]);
    }
    expect(services.users_mongo.volumes.map((v: Resolved) => v.target)).toEqual(["/data/db"]);
    for (const [name, s] of Object.entries(services))
      expect({ name, healthcheck: Array.isArray(s.healthcheck?.test) }).toEqual({ name, healthcheck: true });
  });

  it(
    "starts each service after its stores, and restarts it while they are not up yet (Swarm " + "ignores depends_on)",
    () => {
      for (const [service, [store]] of Object.entries(stores))
        expect(services[service].depends_on).toEqual(expect.arrayContaining([store, `${service}_db`]));
      for (const service of ["users", "jobs", "contracts", "payments"])
        expect(services[service].deploy.restart_policy.condition).toBe("any");
    },
  );
});

describe("compose/seed.health.yaml (docker compose start-up order)", () => {
  it("waits, for every app service, until each thing it depends on is healthy", () => {
    for (const [name, overlay] of Object.entries(health.services as Record<string, Resolved>)) {
      const needs = Object.entries(overlay.depends_on as Record<string, { condition: string }>);
      expect(needs.length).toBeGreaterThan(0);
      for (const [dependency, { condition }] of needs) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: "service_healthy" });
        if (docker)
          expect({ dependency, healthcheck: Array.isArray(services[dependency]?.healthcheck?.test) }).toEqual({
            dependency,
            healthcheck: true,
          });
      }
      if (docker) expect(Object.keys(overlay.depends_on).sort()).toEqual([...services[name].depends_on].sort());
    }
    expect(Object.keys(health.services).sort()).toEqual(["contracts", "gateway", "jobs", "payments", "users"]);
  });
});
