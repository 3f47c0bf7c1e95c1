// TypeBox building blocks shared by the gateway's route table and the services' command schemas.
// Formats are patterns (not `format:`) so the gateway and the services validate identically.
import { Type as t } from "@sinclair/typebox";

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
