// TypeBox building blocks shared by the gateway's route table and the services' command schemas.
// Formats are patterns (not `format:`) so the gateway and the services validate identically.
import { Type as t, type TSchema } from "@sinclair/typebox";

export { t };
export const Uuid = (description = "id") =>
  t.String({ pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", description });
export const Email = () =>
  t.String({ pattern: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$", maxLength: 254, description: "email address" });
export const Password = () => t.String({ minLength: 8, maxLength: 128, description: "at least 8 characters" });
/** Text with at least one visible character. */
export const Text = (maxLength: number) => t.String({ minLength: 1, maxLength, pattern: "\\S" });
export const OptionalText = (maxLength: number) => t.Optional(t.Union([t.String({ maxLength }), t.Null()]));
export const DateString = () =>
  t.String({
    pattern: "^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$",
    description: "date, YYYY-MM-DD",
  });
/** A link a browser will follow: http(s) with a host, never javascript:, data: or a relative path. */
export const HttpUrl = (maxLength = 2048) =>
  t.String({ maxLength, pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+(/[^\\s]*)?$", description: "an http(s) URL" });
export const OptionalDate = () => t.Optional(t.Union([DateString(), t.Null()]));

// Answers: every field named (no others), so the OpenAPI document and the contract tests see drift both ways.
/** An object the API answers: exactly these fields. */
export const Answer = <P extends Record<string, TSchema>>(properties: P, description?: string) =>
  t.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => t.Union([schema, t.Null()]);
export const Time = () => t.String({ description: "ISO 8601 time" });
export const Day = () => t.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "date, YYYY-MM-DD" });
/** A JSON number with at most two decimals (exact: the value is NUMERIC with two decimals inside). */
export const Money = () => t.Number({ description: "amount, at most two decimals" });
/** A string enum with its literal types kept. */
export const OneOf = <T extends string>(values: readonly T[]) => t.Union(values.map((v) => t.Literal(v)));
