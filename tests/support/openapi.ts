// The gateway's OpenAPI document as a client reads it: its operations by id, and a validator of answers against
// the schemas it documents (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses, $refs resolved inside the document).
import Ajv2020 from "ajv/dist/2020.js";

export interface Operation {
  id: string;
  method: string;
  /** OpenAPI path, with {params}. */
  path: string;
  op: any;
}

export const operationsOf = (doc: any): Operation[] =>
  Object.entries<any>(doc.paths).flatMap(([path, methods]) =>
    Object.entries<any>(methods).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      op,
    })),
  );

/** The documented success status of an operation (its one 2xx). */
export const successStatus = (o: Operation) => Number(Object.keys(o.op.responses).find((s) => s.startsWith("2")));

/** The documented statuses of an operation. */
export const documentedStatuses = (o: Operation) => Object.keys(o.op.responses).map(Number);

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** Checks answers against the document: `check(operation, status, body)` lists what does not match (none: []). */
export function answerChecker(doc: any) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc, "openapi.json");
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  return (o: Operation, status: number, body: unknown, contentType = "application/json"): string[] => {
    const response = o.op.responses[String(status)];
    if (!response) return [`${status} is not documented for ${o.method} ${o.path}`];
    const resolved = response.$ref ? doc.components.responses[response.$ref.split("/").pop()] : response;
    if (!resolved.content?.[contentType]) return [`${status} is not documented as ${contentType}`];
    const at = response.$ref
      ? pointer("components", "responses", response.$ref.split("/").pop())
      : pointer("paths", o.path, o.method.toLowerCase(), "responses", String(status));
    const ref = `openapi.json#/${at}/content/${pointer(contentType)}/schema`;
    let validate = compiled.get(ref);
    if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

/** A schema of the document (e.g. a request body's), for checking a value against it. */
export function schemaChecker(doc: any) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc, "openapi.json");
  return (o: Operation, value: unknown): string[] => {
    const ref =
      `openapi.json#/${pointer("paths", o.path, o.method.toLowerCase(), "requestBody", "content")}` +
      `/${pointer("application/json")}/schema`;
    const validate = ajv.compile({ $ref: ref });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
