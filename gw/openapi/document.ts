// The OpenAPI 3.1 document, built from the route table: each row's schemas, access, statuses and example. Nothing is
// written by hand, so the document cannot drift from the routes (tests/contracts/openapi*.test.ts check the answers).
import type { TObject, TSchema } from "@sinclair/typebox";
import type { Route } from "../routes/route.ts";
import { errorDescriptions, errorSchema, errorStatuses } from "./errors.ts";
import { examples } from "./examples.ts";
import * as users from "../../svc/users/responses.ts";
import * as jobs from "../../svc/jobs/responses.ts";
import * as contracts from "../../svc/contracts/responses.ts";
import * as payments from "../../svc/payments/responses.ts";
import { t } from "../../svc/runtime/types.ts";

type Json = Record<string, unknown>;

/** Response schemas by name, for `$ref`s: each service's exported answers, PascalCased. */
const named = new Map<TSchema, string>(
  [users, jobs, contracts, payments].flatMap((module) =>
    Object.entries(module).map(([name, schema]): [TSchema, string] => [
      schema as TSchema,
      name[0].toUpperCase() + name.slice(1),
    ]),
  ),
);

const token = t.Object(
  { authToken: t.String({ description: "a JWT: send it as `Authorization: Bearer <token>`" }) },
  { additionalProperties: false },
);

/** A TypeBox schema as plain JSON Schema (its symbol keys dropped). */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema));

const accessText = (access: Route["access"]) =>
  access === "public"
    ? "Public."
    : access === "authenticated"
      ? "Any signed-in user (bearer token)."
      : `Roles: ${access.join(", ")} (bearer token).`;

const parameters = (route: Route) => [
  ...Object.entries((route.params as TObject | undefined)?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "path",
    required: true,
    schema: plain(schema),
    ...(schema.description ? { description: schema.description } : {}),
  })),
  ...Object.entries((route.query as TObject | undefined)?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: (route.query as TObject).required?.includes(name) ?? false,
    schema: plain(schema),
    ...(schema.description ? { description: schema.description } : {}),
  })),
  ...(route.method === "POST"
    ? [
        {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "Retries with the same key (same caller and route) get the first answer; the write runs once",
          schema: { type: "string", maxLength: 200 },
        },
      ]
    : []),
];

function success(route: Route, schemaRef: (s: TSchema) => Json): Json {
  if (route.binary)
    return {
      description: "The document's bytes",
      content: { "application/pdf": { schema: { type: "string", contentMediaType: "application/pdf" } } },
    };
  const schema = route.issuesToken ? token : route.contract.output;
  return {
    description: route.issuesToken ? "A bearer token for the account" : route.summary,
    content: { "application/json": { schema: schemaRef(schema) } },
  };
}

function operation(route: Route, schemaRef: (s: TSchema) => Json): Json {
  const status = String(route.status ?? 200);
  const errors = Object.fromEntries(
    errorStatuses(route).map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]),
  );
  const params = parameters(route);
  return {
    operationId: route.contract.command,
    tags: [route.contract.service],
    summary: route.summary,
    description: accessText(route.access),
    ...(Array.isArray(route.access) ? { "x-roles": route.access } : {}),
    security: route.access === "public" ? [] : [{ bearer: [] }],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: plain(route.body), example: examples[route.contract.command] } },
          },
        }
      : {}),
    responses: { [status]: success(route, schemaRef), ...errors },
  };
}

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

export function openApiDocument(routes: Route[], info: DocumentInfo): Json {
  const components: Record<string, Json> = { Error: plain(errorSchema), Token: plain(token) };
  const schemaRef = (schema: TSchema): Json => {
    if (schema === token) return { $ref: "#/components/schemas/Token" };
    const name = named.get(schema);
    if (!name) return plain(schema);
    components[name] = plain(schema);
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, schemaRef) };
  }
  const responses = Object.fromEntries(
    Object.entries(errorDescriptions).map(([s, description]) => [
      `Error${s}`,
      { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/", description: "this gateway" }],
    tags: ["users", "jobs", "contracts", "payments"].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      responses,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
