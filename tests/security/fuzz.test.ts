// Generated fuzzing of every route of the live OpenAPI document: random invalid bodies, queries and path values
// derived from each route's schemas (seeded), sent with a valid token of a role the route accepts. None may answer
// 5xx or hang; a 503/504 counts unless the stack is unhealthy at that moment.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { loginAdmin, registerClient, registerFreelancer, type Account } from "../support/api.ts";
import { deal } from "../support/marketplace.ts";
import {
  hostileStrings,
  invalidValue,
  mutate,
  percentEncode,
  pick,
  seeded,
  validValue,
  type Rng,
  type Schema,
} from "../support/fuzz.ts";
import { acceptedRoles, routes } from "../support/routeCalls.ts";
import { printSummary, tally } from "../support/summary.ts";

const seed = Number(process.env.WORKUP_FUZZ_SEED ?? 20240601);
const perRoute = Number(process.env.WORKUP_FUZZ_CASES ?? 200); // `make soak` raises it
const hangMs = 15_000;
const { stack, api: a } = useStack({ services: ["users", "jobs", "contracts", "payments"] });
const tokens: Record<string, string> = {};
let ids: string[] = [];

beforeAll(async () => {
  const client: Account = await registerClient(a),
    freelancer: Account = await registerFreelancer(a);
  tokens.CLIENT = client.token;
  tokens.FREELANCER = freelancer.token;
  tokens.ADMIN = await loginAdmin(a);
  // Real resources, so that some valid-looking ids reach real rows.
  const d = await deal(a, client, freelancer);
  ids = [
    d.jobId,
    d.proposalId,
    d.contractId,
    ...d.milestoneIds,
    d.paymentRequestId,
    d.walletTransactionId,
    d.terminationId,
    client.id,
    freelancer.id,
  ];
}, 180_000);
afterAll(async () => {
  printSummary(import.meta.path);
});

interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  body?: Schema;
  access: string[] | "public";
}
interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  what: string;
}

function operations(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const tablePath = path.replace(/\{(\w+)\}/g, ":$1");
      const route = routes.find((r) => r.method === method.toUpperCase() && r.path === tablePath);
      ops.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
        access: route
          ? route.access === "public"
            ? "public"
            : acceptedRoles(route)
          : op.security
            ? ["CLIENT"]
            : "public",
      });
    }
  }
  return ops;
}

const weirdPathValues = [
  "%",
  "%zz",
  "%00",
  "..",
  "%2e%2e%2f",
  "%2F",
  ";",
  "'",
  '"',
  "null",
  "-1",
  "0",
  " ",
  "%20",
  "x".repeat(5000),
  "%F0%9F%9A%80",
  "%ED%A0%80",
  "%C0%AF",
  "*",
  "{id}",
];

/** One fuzz case for an operation: one place broken (body, a path value, a query value), or a raw oddity. */
function fuzzCase(op: Operation, rnd: Rng): Case {
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  const pathValues: Record<string, string> = Object.fromEntries(
    pathParams.map((p) => [p.name, encodeURIComponent(String(validValue(p.schema, rnd, ids)))]),
  );
  const query: Record<string, unknown> = Object.fromEntries(
    queryParams.filter((p) => p.required || rnd() < 0.5).map((p) => [p.name, validValue(p.schema, rnd, ids)]),
  );
  let body: unknown = op.body ? validValue(op.body, rnd, ids) : undefined;
  let raw: string | undefined;
  let contentType = "application/json";
  let what = "";

  const kinds = [
    ...(op.body ? ["body", "body", "body", "body", "valid body"] : []),
    ...(pathParams.length ? ["path", "path", "raw path"] : []),
    ...(queryParams.length ? ["query", "query", "raw query"] : []),
    "raw body",
    "extra query",
  ];
  const kind = pick(rnd, kinds);
  switch (kind) {
    case "body": {
      const m = mutate(body, op.body!, rnd);
      body = m.value;
      what = `body ${m.what}`;
      break;
    }
    case "valid body":
      what = "a schema-valid random body";
      break;
    case "path": {
      const p = pick(rnd, pathParams);
      const bad = invalidValue(p.schema, rnd);
      pathValues[p.name] = percentEncode(
        typeof bad.value === "string" ? bad.value : (JSON.stringify(bad.value) ?? "undefined"),
      );
      what = `path ${p.name}: ${bad.what}`;
      break;
    }
    case "raw path": {
      const p = pick(rnd, pathParams);
      pathValues[p.name] = pick(rnd, weirdPathValues);
      what = `path ${p.name} = ${pathValues[p.name].slice(0, 30)}`;
      break;
    }
    case "query": {
      const p = pick(rnd, queryParams);
      const bad = invalidValue(p.schema, rnd);
      query[p.name] = bad.value;
      what = `query ${p.name}: ${bad.what}`;
      break;
    }
    case "raw query": {
      const p = pick(rnd, queryParams);
      query[p.name] = { raw: pick(rnd, ["%", "%zz", "%00", "a&b=c", "a%26b", "%ED%A0%80", "x".repeat(9000)]) };
      what = `query ${p.name} raw`;
      break;
    }
    case "extra query":
      query[pick(rnd, ["userId", "role", "__proto__", "constructor", "id", "query"])] = pick(rnd, hostileStrings);
      what = "an extra query parameter";
      break;
    case "raw body": {
      const choice = pick(rnd, [
        "truncated",
        "not json",
        "bom",
        "form",
        "text",
        "multipart",
        "deep",
        "deep extra",
        "duplicate keys",
        "empty",
        "huge",
        "top-level",
        "nan",
      ] as const);
      what = `raw body: ${choice}`;
      const json = JSON.stringify(body ?? {});
      switch (choice) {
        case "truncated":
          raw = json.slice(0, Math.max(1, json.length - 3));
          break;
        case "not json":
          raw = "this is not json";
          break;
        case "bom":
          raw = `\uFEFF${json}`;
          break;
        case "form":
          raw = new URLSearchParams(
            Object.entries((body ?? {}) as object).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString();
          contentType = "application/x-www-form-urlencoded";
          break;
        case "text":
          raw = json;
          contentType = "text/plain";
          break;
        case "multipart":
          raw = `--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n`;
          contentType = "multipart/form-data; boundary=x";
          break;
        case "deep":
          raw = "[".repeat(100_000) + "]".repeat(100_000);
          break;
        case "deep extra": {
          const opened = json.length > 2 ? json.slice(0, -1) + "," : "{";
          raw = `${opened}"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
          break;
        }
        case "duplicate keys":
          raw = json.length > 2 ? `{"a":1,"a":2,${json.slice(1)}` : `{"a":1,"a":2}`;
          break;
        case "empty":
          raw = "";
          break;
        case "huge":
          raw = JSON.stringify({ ...(body as object), padding: "x".repeat(1_100_000) });
          break;
        case "top-level":
          raw = pick(rnd, ["null", "[]", "42", '"x"', "true"]);
          break;
        case "nan":
          raw = json.replace(/:\s*(-?\d+(\.\d+)?)/, ": NaN");
          break;
      }
    }
  }
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]);
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const raw = v && typeof v === "object" && "raw" in (v as object) ? (v as { raw: string }).raw : undefined;
      return `${encodeURIComponent(k)}=${raw ?? percentEncode(typeof v === "string" ? v : (JSON.stringify(v) ?? ""))}`;
    });
  if (qs.length) path += `?${qs.join("&")}`;
  const headers: Record<string, string> = {};
  if (op.access !== "public") headers.authorization = `Bearer ${tokens[pick(rnd, op.access)]}`;
  const sendsBody = op.method !== "GET" && op.method !== "DELETE";
  if (sendsBody && (raw !== undefined || body !== undefined)) headers["content-type"] = contentType;
  return {
    method: op.method,
    url: stack.url + path,
    headers,
    body: sendsBody ? (raw ?? (body === undefined ? undefined : JSON.stringify(body))) : undefined,
    what,
  };
}

async function send(c: Case): Promise<{ status: number; text: string; jsonError: boolean }> {
  try {
    const res = await fetch(c.url, {
      method: c.method,
      headers: c.headers,
      body: c.body,
      signal: AbortSignal.timeout(hangMs),
    });
    const text = await res.text();
    return { status: res.status, text: text.slice(0, 200), jsonError: isErrorBody(text, res) };
  } catch (err) {
    return {
      status: (err as Error).name === "TimeoutError" ? 0 : -1,
      text: String(err).slice(0, 200),
      jsonError: false,
    };
  }
}

const isBodyCase = (what: string) =>
  what.startsWith("body ") || what.startsWith("raw body") || what === "a schema-valid random body";

/** The documented error body: JSON `{ error: { status, code, message } }` with the answer's status. */
function isErrorBody(text: string, res: Response): boolean {
  if (!res.headers.get("content-type")?.startsWith("application/json")) return false;
  try {
    const { error } = JSON.parse(text);
    return error?.status === res.status && typeof error.code === "string" && typeof error.message === "string";
  } catch {
    return false;
  }
}

const healthy = async () =>
  stack.procs.every((p) => p.proc.exitCode === null) &&
  (await fetch(`${stack.url}/readyz`).then(
    (r) => r.ok,
    () => false,
  ));

describe("generated fuzzing", () => {
  it(
    "never answers 5xx nor hangs, whatever the body, query or path values of any route of the OpenAPI document",
    () =>
      tally(import.meta.path, `Fuzzing every OpenAPI route (${perRoute} cases per route, seed ${seed})`, async (t) => {
        const doc = await (await fetch(`${stack.url}/openapi.json`)).json();
        const ops = operations(doc);
        t.check(
          ops.length >= routes.length,
          `the OpenAPI document lists ${ops.length} operations for ${routes.length} routes`,
        );
        const rnd = seeded(seed);
        const bodyCases = new Map<Operation, number>();
        const cases = ops.flatMap((op) => Array.from({ length: perRoute }, () => ({ op, c: fuzzCase(op, rnd) })));
        let next = 0;
        await Promise.all(
          Array.from({ length: 6 }, async () => {
            while (next < cases.length) {
              const { op, c } = cases[next++];
              const res = await send(c);
              const name = `${op.method} ${op.path} [${c.what}]`;
              if (isBodyCase(c.what)) bodyCases.set(op, (bodyCases.get(op) ?? 0) + 1);
              if (res.status === 503 || res.status === 504) {
                t.check(!(await healthy()), `${name}: ${res.status} while the stack is healthy: ${res.text}`);
              } else {
                t.check(
                  res.status > 0 && res.status < 500,
                  `${name}: ${res.status === 0 ? `no answer in ${hangMs} ms` : res.status} ${res.text}`,
                );
              }
              // 431: Bun's HTTP parser refuses a request line or headers over 16 KiB before any application code.
              if (res.status >= 400 && res.status !== 431)
                t.check(res.jsonError, `${name}: ${res.status} without the JSON error body`);
            }
          }),
        );
        console.log(`fuzzing: ${cases.length} requests over ${ops.length} operations (seed ${seed})`);
        // Every operation that takes a body got body cases: the document gives each one its schema.
        const bodyOps = ops.filter((op) => op.body);
        t.check(bodyOps.length >= 23, `only ${bodyOps.length} operations document a JSON body`);
        for (const op of bodyOps) {
          t.check((bodyCases.get(op) ?? 0) > 0, `${op.method} ${op.path}: no body case generated`);
          t.check(Object.keys(op.body?.properties ?? {}).length > 0, `${op.method} ${op.path}: an empty body schema`);
        }
        const counts = bodyOps.map((op) => bodyCases.get(op) ?? 0);
        console.log(
          `fuzzing: body cases per body operation: ${bodyOps.length} operations, ` +
            `min ${Math.min(...counts)}, max ${Math.max(...counts)}, total ${counts.reduce((a, b) => a + b, 0)}`,
        );
        expect(t.failed).toEqual([]);
      }),
    600_000,
  );
});
