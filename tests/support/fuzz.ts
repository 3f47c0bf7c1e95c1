// Generated hostile input from JSON schemas (the OpenAPI document's, or the route table's TypeBox schemas, which are
// JSON schemas too): values that satisfy a schema, values that break it in one place, and odd values that pass the
// schema but mean nothing (2023-02-30, 0.00, the nil uuid). Seeded, so a failing case can be replayed.
export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick test cases. */
export function seeded(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
}

const patterns = {
  uuid: /0-9a-fA-F\]\{8\}/,
  email: /\[\^\\s@\]\+@/,
  date: /\\d\{4\}-\\d\{2\}-\\d\{2\}/,
  amount: /\\d\{1,10\}/,
  pageLimit: /\[1-9\]\[0-9\]\?/,
};
const kindOf = (s: Schema) =>
  (Object.keys(patterns) as Array<keyof typeof patterns>).find((k) => s.pattern && patterns[k].test(s.pattern));

/** Ids of real resources, so that valid-looking ids sometimes reach real rows. */
export type IdPool = string[];

/** A value that satisfies the schema (as far as this generator knows the patterns). */
export function validValue(s: Schema, rnd: Rng, ids: IdPool = []): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(rnd, s.enum);
  if (s.anyOf) {
    const branches = s.anyOf.filter((b) => b.type !== "null");
    return validValue(pick(rnd, branches.length ? branches : s.anyOf), rnd, ids);
  }
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || rnd() < 0.5) out[k] = validValue(p, rnd, ids);
      return out;
    }
    case "array": {
      const n = Math.min(s.maxItems ?? 3, (s.minItems ?? 0) + Math.floor(rnd() * 3));
      return Array.from({ length: n }, () => validValue(s.items ?? {}, rnd, ids));
    }
    case "number":
      return Math.round((Math.max(s.minimum ?? 0, (s.exclusiveMinimum ?? 0) + 1) + rnd() * 1000) * 100) / 100;
    case "integer":
      return Math.max(s.minimum ?? 0, 1) + Math.floor(rnd() * 10);
    case "boolean":
      return rnd() < 0.5;
    case "null":
      return null;
    case "string": {
      switch (kindOf(s)) {
        case "uuid":
          return ids.length && rnd() < 0.5 ? pick(rnd, ids) : crypto.randomUUID();
        case "email":
          return `fuzz.${Math.floor(rnd() * 1e9).toString(36)}@example.com`;
        case "date":
          return `20${30 + Math.floor(rnd() * 60)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
        case "amount":
          return `${1 + Math.floor(rnd() * 5000)}.${Math.floor(rnd() * 90) + 10}`;
        case "pageLimit":
          return String(1 + Math.floor(rnd() * 100));
      }
      const word = pick(rnd, ["fuzz", "Design", "Remote work", "TypeScript", "ok"]);
      return word.padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? 1000);
    }
  }
  return "fuzz";
}

/** Strings that mean trouble in one layer or another. */
export const hostileStrings = [
  "' OR '1'='1",
  "'; DROP TABLE jobs; --",
  '" OR ""="',
  "1; select pg_sleep(5); --",
  "$1",
  "%s%s%s%n",
  "\\",
  "\\'",
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../../etc/passwd",
  "Zürich ☃ 日本語 🚀 👩‍👩‍👧",
  "\u202Eevil\u202C",
  "\u200B",
  "e\u0301\u0301\u0301",
  "a\u0000b",
  "\u0001\u0007\u001b[31m\u007f",
  "\t\r\n",
  "\ud800",
  "\udfff\ud800",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "true",
  "[]",
  "{}",
  " ",
  "",
];

/** A value that breaks the schema (or passes it with a meaning no service should choke on), and what it is. */
export function invalidValue(s: Schema, rnd: Rng): { value: unknown; what: string } {
  const any = [
    { value: null, what: "null" },
    { value: 12345, what: "a number" },
    { value: true, what: "a boolean" },
    { value: [], what: "an empty array" },
    { value: {}, what: "an empty object" },
    { value: { $gt: "" }, what: "a NoSQL operator object" },
    { value: ["a", 1, null], what: "a mixed array" },
    { value: pick(rnd, hostileStrings), what: "a hostile string" },
  ];
  const type = s.anyOf
    ? "anyOf"
    : s.enum || s.const !== undefined
      ? "enum"
      : Array.isArray(s.type)
        ? s.type[0]
        : s.type;
  const specific: Array<{ value: unknown; what: string }> = [];
  switch (type) {
    case "string": {
      const max = s.maxLength ?? 1000;
      specific.push(
        { value: "x".repeat(max + 1), what: "one character too long" },
        { value: "\u00e9".repeat(max + 1), what: "multi-byte, one too long" },
        { value: "y".repeat(100_000), what: "100 000 characters" },
        { value: "   \t\n ", what: "only whitespace" },
        { value: pick(rnd, hostileStrings), what: "a hostile string" },
      );
      switch (kindOf(s)) {
        case "uuid":
          specific.push(
            { value: "00000000-0000-0000-0000-000000000000", what: "the nil uuid" },
            { value: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", what: "an upper-case uuid" },
            { value: crypto.randomUUID().slice(0, 35), what: "a truncated uuid" },
            { value: `${crypto.randomUUID()}\n`, what: "a uuid and a newline" },
            { value: "not-a-uuid", what: "garbage id" },
          );
          break;
        case "date":
          specific.push(
            { value: "2023-02-30", what: "a day that does not exist" },
            { value: "0000-00-00", what: "day zero" },
            { value: "9999-99-99", what: "month 99" },
            { value: "2023-01-01T99:99:99Z", what: "hour 99" },
            { value: "2023-01-01T::::+99:99", what: "a garbage time" },
            { value: "10000-01-01", what: "year 10000" },
            { value: "1899-12-31", what: "a very old day" },
            { value: "2023-1-1", what: "no leading zeros" },
          );
          break;
        case "amount":
          specific.push(
            { value: "0", what: "zero" },
            { value: "0.00", what: "zero with decimals" },
            { value: "9999999999.99", what: "the largest amount" },
            { value: "00000000001", what: "leading zeros" },
            { value: "1.999", what: "three decimals" },
            { value: "-5", what: "negative" },
          );
          break;
        case "email":
          specific.push(
            { value: "a@b", what: "no dot" },
            { value: `${"a".repeat(250)}@example.com`, what: "a 262-character email" },
            { value: "a@b.c\u0000", what: "an email with NUL" },
          );
          break;
        case "pageLimit":
          specific.push(
            { value: "0", what: "zero" },
            { value: "101", what: "over the limit" },
            { value: "1e2", what: "exponent" },
          );
      }
      break;
    }
    case "number":
    case "integer":
      specific.push(
        { value: -1, what: "negative" },
        { value: 0, what: "zero" },
        { value: 1e308, what: "1e308" },
        { value: -1e308, what: "-1e308" },
        { value: 1.005, what: "three decimals" },
        { value: 1e-7, what: "a tiny fraction" },
        { value: 2 ** 53 + 1, what: "beyond 2^53" },
        { value: 4.5, what: "a fraction" },
        { value: "12", what: "a numeric string" },
        { value: (s.maximum ?? 1e9) + 1, what: "one over the maximum" },
      );
      break;
    case "array":
      specific.push(
        { value: Array.from({ length: (s.maxItems ?? 50) + 1 }, () => "x"), what: "one item too many" },
        { value: Array.from({ length: 5000 }, (_, i) => i), what: "5000 items" },
        { value: [null], what: "a null item" },
        { value: "not an array", what: "a string" },
      );
      if (s.items) specific.push({ value: [invalidValue(s.items, rnd).value], what: "an invalid item" });
      break;
    case "object":
      specific.push(
        { value: "string", what: "a string" },
        { value: [{}], what: "an array" },
        { value: JSON.parse('{"__proto__": {"admin": true}}'), what: "a __proto__ key" },
      );
      break;
    case "enum":
      specific.push(
        { value: "NOT_A_VALUE", what: "an unknown value" },
        { value: String(s.const ?? s.enum?.[0] ?? "").toLowerCase(), what: "lower case" },
        { value: 0, what: "an index" },
      );
      break;
    case "anyOf":
      return invalidValue(pick(rnd, s.anyOf!.filter((b) => b.type !== "null").concat({ type: "string" })), rnd);
  }
  return rnd() < 0.75 && specific.length ? pick(rnd, specific) : pick(rnd, any);
}

/** Every place in a value where a mutation can go: [path, schema of that place]. */
function slots(value: unknown, s: Schema, path: string[] = []): Array<[string[], Schema]> {
  const out: Array<[string[], Schema]> = [[path, s]];
  const real = s.anyOf?.find((b) => b.type === (Array.isArray(value) ? "array" : typeof value)) ?? s;
  if (real.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, p] of Object.entries(real.properties ?? {}))
      out.push(
        ...(k in (value as object)
          ? slots((value as any)[k], p, [...path, k])
          : [[[...path, k], p] as [string[], Schema]]),
      );
  } else if (real.type === "array" && Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...slots(v, real.items ?? {}, [...path, String(i)]));
  }
  return out;
}

function setAt(root: unknown, path: string[], value: unknown, remove = false): unknown {
  if (!path.length) return value;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  if (remove && !rest.length) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value, remove);
  return copy;
}

/** The valid value with one place broken (or a required field removed, or an unknown one added). */
export function mutate(valid: unknown, s: Schema, rnd: Rng): { value: unknown; what: string } {
  const all = slots(valid, s);
  const [path, at] = pick(rnd, all);
  const where = path.join(".") || "(whole)";
  const roll = rnd();
  if (roll < 0.12 && path.length) return { value: setAt(valid, path, undefined, true), what: `${where} removed` };
  if (roll < 0.18 && valid && typeof valid === "object" && !Array.isArray(valid)) {
    return {
      value: {
        ...(valid as object),
        [pick(rnd, ["userId", "clientId", "role", "status", "balance", "constructor"])]: pick(rnd, [
          "ADMIN",
          crypto.randomUUID(),
          1e9,
          { prototype: { x: 1 } },
        ]),
      },
      what: "an extra field",
    };
  }
  const bad = invalidValue(at, rnd);
  return { value: setAt(valid, path, bad.value), what: `${where}: ${bad.what}` };
}

/** Percent-encoding that also carries lone surrogates (as their WTF-8 bytes), which encodeURIComponent refuses. */
export function percentEncode(s: string): string {
  let out = "";
  for (const ch of s) {
    const u = ch.codePointAt(0)!;
    if (u >= 0xd800 && u <= 0xdfff)
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else out += encodeURIComponent(ch);
  }
  return out;
}
