// The OpenAPI document as a REST client or an SDK generator reads it: valid OpenAPI 3.1 (a well-kept validator from
// npm), and for every route of the table an operation with its command's id, its service's tag, its parameters, its
// request body with an example that fits, its success and error answers with their schemas, and its security.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { validate } from "@readme/openapi-parser";
import { inProcessGateway } from "../gateway/inProcess.ts";
import { routes } from "../../gw/routes/index.ts";
import { errorStatuses } from "../../gw/openapi/errors.ts";
import { operationsOf, schemaChecker, type Operation } from "../support/openapi.ts";

let gw: Awaited<ReturnType<typeof inProcessGateway>>;
let doc: any;
let ops: Operation[];
beforeAll(async () => {
  gw = await inProcessGateway();
  const res = await gw.request("GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
  ops = operationsOf(doc);
});
afterAll(() => gw.close());

const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
const operationOf = (route: (typeof routes)[number]) =>
  ops.find((o) => o.method === route.method && o.path === openApiPath(route.path));

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for @readme/openapi-parser, which refuses a broken one", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    // The validator can fail: a path parameter that is not required, a security scheme of an unknown type.
    const optionalPath = structuredClone(doc);
    optionalPath.paths["/api/v1/jobs/{id}"].get.parameters[0].required = false;
    expect((await validate(optionalPath)).valid).toBe(false);
    const unknownScheme = structuredClone(doc);
    unknownScheme.components.securitySchemes.bearer.type = "password";
    expect((await validate(unknownScheme)).valid).toBe(false);
  });

  it("has one operation per route, its id the command's name and its tag the command's service", () => {
    expect(ops.length).toBe(routes.length);
    for (const route of routes) {
      const o = operationOf(route);
      expect(o?.id).toBe(route.contract.command);
      expect(o?.op.tags).toEqual([route.contract.service]);
      expect(o?.op.summary).toBe(route.summary);
    }
    expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length);
  });

  it("states each operation's security: bearer JWT and the roles allowed, none on public routes", () => {
    for (const route of routes) {
      const o = operationOf(route)!;
      if (route.access === "public") {
        expect(o.op.security).toEqual([]);
        continue;
      }
      expect(o.op.security).toEqual([{ bearer: [] }]);
      if (Array.isArray(route.access)) {
        expect(o.op["x-roles"]).toEqual(route.access);
        expect(o.op.description).toContain(`Roles: ${route.access.join(", ")}`);
      } else expect(o.op.description).toContain("Any signed-in user");
    }
    expect(doc.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
  });

  it("lists path and query parameters with their types and constraints", () => {
    for (const route of routes) {
      const o = operationOf(route)!;
      const params = (o.op.parameters ?? []) as Array<{ name: string; in: string; required: boolean; schema: any }>;
      for (const name of route.path.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
        const p = params.find((x) => x.in === "path" && x.name === name);
        expect(p?.required).toBe(true);
        expect(p?.schema.type).toBe("string");
        expect(p?.schema.pattern ?? p?.schema.maxLength).toBeDefined();
      }
      const declared = Object.keys((route.query as any)?.properties ?? {});
      expect(params.filter((x) => x.in === "query").map((x) => x.name)).toEqual(declared);
    }
    const search = ops.find((o) => o.id === "searchJobs")!;
    const pageLimit = search.op.parameters.find((p: any) => p.name === "pageLimit");
    expect(pageLimit.schema.pattern).toBeDefined();
    expect(pageLimit.required).toBe(false);
  });

  it("gives every body a JSON schema and an example that the schema accepts", () => {
    const bodyRoutes = routes.filter((r) => r.body);
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(23);
    const check = schemaChecker(doc);
    for (const route of bodyRoutes) {
      const o = operationOf(route)!;
      const media = o.op.requestBody?.content?.["application/json"];
      expect(o.op.requestBody?.required).toBe(true);
      expect(Object.keys(media?.schema?.properties ?? {}).length).toBeGreaterThan(0);
      expect(media.example).toBeDefined();
      expect({ operation: o.id, problems: check(o, media.example) }).toEqual({ operation: o.id, problems: [] });
    }
    for (const route of routes.filter((r) => !r.body)) expect(operationOf(route)!.op.requestBody).toBeUndefined();
  });

  it("documents the success answer's schema and every error status with the error shape", () => {
    for (const route of routes) {
      const o = operationOf(route)!;
      const success = o.op.responses[String(route.status ?? 200)];
      const media = success.content?.[route.binary ? "application/pdf" : "application/json"];
      expect({ operation: o.id, schema: Boolean(media?.schema) }).toEqual({ operation: o.id, schema: true });
      for (const status of errorStatuses(route))
        expect(o.op.responses[String(status)]).toEqual({ $ref: `#/components/responses/Error${status}` });
      expect(Object.keys(o.op.responses).filter((s) => s.startsWith("2"))).toEqual([String(route.status ?? 200)]);
    }
    const error = doc.components.schemas.Error;
    expect(error.properties.error.required).toEqual(["status", "code", "message"]);
    // Answers name their fields: a job is not "any object".
    expect(doc.components.schemas.Job.properties.budget.type).toBe("number");
    expect(doc.components.schemas.Job.additionalProperties).toBe(false);
    expect(ops.find((o) => o.id === "login")!.op.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Token",
    });
  });
});
