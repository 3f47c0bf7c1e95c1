// Choosing a store: the environment variables, the errors of the drivers as the API's, ids derived from requests,
// and a service refusing to start, with a message, when its store is misconfigured or unreachable.
import { afterAll, describe, expect, it } from "bun:test";
import cassandra from "cassandra-driver";
import { MongoNetworkError, MongoServerError } from "mongodb";
import { cassandraError, cassandraSettings } from "../../svc/runtime/cassandra.ts";
import { chosenStore } from "../../svc/runtime/externalStore.ts";
import { derivedId } from "../../svc/runtime/derivedId.ts";
import { translatingErrors } from "../../svc/runtime/storeErrors.ts";
import { AppError } from "../../svc/runtime/errors.ts";
import { mongoError, redacted } from "../../svc/users/store/mongo.ts";
import { newNamespace, removeNamespace, root } from "../support/stack.ts";

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

describe("which store a service uses", () => {
  it("is PostgreSQL unless <SERVICE>_STORE names another, and an unknown name is refused", () => {
    expect(withEnv({ USERS_STORE: undefined }, () => chosenStore("users", ["postgres", "mongo"]))).toBe("postgres");
    expect(withEnv({ USERS_STORE: "Mongo" }, () => chosenStore("users", ["postgres", "mongo"]))).toBe("mongo");
    expect(() => withEnv({ JOBS_STORE: "mongo" }, () => chosenStore("jobs", ["postgres", "cassandra"]))).toThrow(
      'JOBS_STORE must be one of postgres, cassandra; got "mongo"',
    );
  });

  it("takes a service's own Cassandra settings first, then the shared ones, and a keyspace per namespace", () => {
    const s = withEnv(
      {
        CASSANDRA_CONTACT_POINTS: "a:9042, b:9042",
        JOBS_CASSANDRA_CONTACT_POINTS: "jobs_db:9042",
        CASSANDRA_LOCAL_DC: "dc2",
        JOBS_CASSANDRA_KEYSPACE: undefined,
      },
      () => cassandraSettings("jobs", "workup"),
    );
    expect(s).toMatchObject({
      contactPoints: ["jobs_db:9042"],
      localDataCenter: "dc2",
      keyspace: "workup_jobs",
      replicationFactor: 1,
    });
    expect(
      withEnv({ CASSANDRA_CONTACT_POINTS: "a:9042, b:9042", CONTRACTS_CASSANDRA_CONTACT_POINTS: undefined }, () =>
        cassandraSettings("contracts", "t_x"),
      ).contactPoints,
    ).toEqual(["a:9042", "b:9042"]);
    expect(() => withEnv({ JOBS_CASSANDRA_KEYSPACE: "bad-name" }, () => cassandraSettings("jobs", "workup"))).toThrow(
      "keyspace",
    );
  });
});

describe("driver errors as the API's", () => {
  it("turns a duplicate email into 409 and an unreachable MongoDB into 503", () => {
    expect(mongoError(new MongoServerError({ code: 11000, errmsg: "E11000 duplicate key" }))?.toWire()).toMatchObject({
      status: 409,
      field: "email",
    });
    expect(mongoError(new MongoNetworkError("connection reset"))?.status).toBe(503);
    expect(mongoError(new Error("other"))).toBeNull();
  });

  it("turns an unreachable, overloaded or timed-out Cassandra into 503, and leaves other errors unexpected", () => {
    const { errors, types } = cassandra;
    expect(cassandraError(new errors.NoHostAvailableError({}))?.status).toBe(503);
    expect(cassandraError(new errors.OperationTimedOutError("slow"))?.status).toBe(503);
    expect(cassandraError(new errors.ResponseError(types.responseErrorCodes.writeTimeout, "CAS timeout"))?.status).toBe(
      503,
    );
    expect(cassandraError(new errors.ResponseError(types.responseErrorCodes.invalid, "bad query"))).toBeNull();
  });

  it("applies the translation to every method of a store and keeps the runtime's own errors as they are", async () => {
    const store = translatingErrors(
      {
        async down() {
          throw new MongoNetworkError("gone");
        },
        async refused() {
          throw new AppError("forbidden", "no");
        },
        async self() {
          return (this as { ok(): Promise<string> }).ok();
        },
        async ok() {
          return "ok";
        },
      },
      mongoError,
    );
    expect(await store.down().catch((e) => e.status)).toBe(503);
    expect(await store.refused().catch((e) => e.code)).toBe("forbidden");
    expect(await store.self()).toBe("ok");
  });

  it("never prints a MongoDB password", () => {
    expect(redacted("mongodb://user:s3cret@users_db:27017/?authSource=admin")).toBe(
      "mongodb://user:***@users_db:27017/?authSource=admin",
    );
  });
});

describe("ids derived from a request", () => {
  it("are the same UUID (version 5) for the same parts and different for others", () => {
    const id = derivedId("job", "request-1");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId("job", "request-1")).toBe(id);
    expect(derivedId("job", "request-2")).not.toBe(id);
    expect(derivedId("proposal", "request-1")).not.toBe(id);
    expect(derivedId("a", "bc")).not.toBe(derivedId("ab", "c"));
  });
});

describe("a service whose store cannot be used", () => {
  const namespaces: string[] = [];
  afterAll(async () => {
    for (const ns of namespaces) await removeNamespace(ns);
  }, 30_000);

  async function start(service: string, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
    const ns = newNamespace();
    namespaces.push(ns);
    const proc = Bun.spawn([process.execPath, `svc/${service}.ts`], {
      cwd: root,
      env: { ...process.env, WORKUP_NAMESPACE: ns, LOG_LEVEL: "warn", METRICS_PORT: "0", ...env },
      stdout: "pipe",
      stderr: "pipe",
    });
    const timer = setTimeout(() => proc.kill("SIGKILL"), 40_000);
    const code = await proc.exited;
    clearTimeout(timer);
    return { code, stderr: await new Response(proc.stderr).text() };
  }

  it("refuses to start with an unknown store name, and says which are known", async () => {
    const { code, stderr } = await start("contracts", { CONTRACTS_STORE: "sasi" });
    expect(code).not.toBe(0);
    expect(stderr).toContain('CONTRACTS_STORE must be one of postgres, cassandra; got "sasi"');
  });

  it("refuses to start when its MongoDB does not answer, naming the server without its password", async () => {
    const { code, stderr } = await start("users", {
      USERS_STORE: "mongo",
      MONGO_URL: "mongodb://user:pw@127.0.0.1:9/?serverSelectionTimeoutMS=500",
    });
    expect(code).not.toBe(0);
    expect(stderr).toContain("MongoDB at mongodb://user:***@127.0.0.1:9/");
    expect(stderr).toContain("is not usable");
    expect(stderr).not.toContain(":pw@");
  });

  it("refuses to start when its Cassandra does not answer, naming the contact points and keyspace", async () => {
    const { code, stderr } = await start("jobs", {
      JOBS_STORE: "cassandra",
      CASSANDRA_CONTACT_POINTS: "127.0.0.1:9",
      CASSANDRA_CONNECT_TIMEOUT_MS: "500",
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(
      /Cassandra at 127\.0\.0\.1:9 \(keyspace t_[a-z0-9]+_jobs, data centre datacenter1\) is not usable/,
    );
  });
});
