// Validation at the service boundary with the same TypeBox schemas the gateway uses.
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Value } from "@sinclair/typebox/value";
import { invalid } from "./errors.ts";

export type Validator = (input: unknown) => unknown;

export function compileValidator(schema: TSchema | undefined): Validator {
  if (!schema) return (input) => input ?? {};
  const check = TypeCompiler.Compile(schema);
  return (input) => {
    // The input is a freshly parsed message body, ours to change: fill defaults, and convert query-string
    // style values ("5" -> 5) only when it does not check as it is.
    let value = Value.Default(schema, input ?? {});
    if (check.Check(value)) return value;
    value = Value.Convert(schema, value);
    if (check.Check(value)) return value;
    const first = check.Errors(value).First();
    const field = first?.path.replace(/^\//, "").replace(/\//g, ".") || undefined;
    throw invalid(field ? `${field}: ${first!.message}` : first?.message ?? "Invalid input", field);
  };
}
