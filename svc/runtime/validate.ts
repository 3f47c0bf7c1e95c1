// Validation at the service boundary with the same TypeBox schemas the gateway uses.
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Value } from "@sinclair/typebox/value";
import { invalid } from "./errors.ts";

export type Validator = (input: unknown) => unknown;

export function compileValidator(schema: TSchema | undefined): Validator {
  if (!schema) return (input) => input ?? {};
  const check = TypeCompiler.Compile(schema);
  // Value.Default clones the whole input (measurable on large bodies): only for schemas that declare a default.
  // A property named "default" also matches, which only costs that clone.
  const hasDefaults = JSON.stringify(schema).includes('"default":');
  return (input) => {
    // The input is a freshly parsed message body, ours to change: fill defaults, and convert query-string
    // style values ("5" -> 5) only when it does not check as it is.
    let value = hasDefaults ? Value.Default(schema, input ?? {}) : (input ?? {});
    if (check.Check(value)) return wellFormed(value);
    value = Value.Convert(schema, value);
    if (check.Check(value)) return wellFormed(value);
    const first = check.Errors(value).First();
    const field = first?.path.replace(/^\//, "").replace(/\//g, ".") || undefined;
    throw invalid(field ? `${field}: ${first!.message}` : (first?.message ?? "Invalid input"), field);
  };
}

/**
 * JSON can carry a lone surrogate ("\ud800"), which is not text: stored as UTF-8 it would silently become U+FFFD,
 * so the client would read back something else than it wrote. Refused with a 400 naming the field instead.
 */
function wellFormed(value: unknown, path: string[] = []): unknown {
  if (typeof value === "string") {
    if (!value.isWellFormed())
      throw invalid(
        `${path.join(".") || "input"}: not valid Unicode text (lone surrogate)`,
        path.join(".") || undefined,
      );
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) wellFormed(v, [...path, k]);
  }
  return value;
}
