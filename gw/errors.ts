// The one place where errors become HTTP responses: { error: { status, code, message, field? } }.
import { AppError, type WireError } from "../svc/runtime/errors.ts";

const json = { "content-type": "application/json" };

export function errorResponse(e: WireError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: e }), { status: e.status, headers: { ...json, ...headers } });
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(body === undefined ? "null" : JSON.stringify(body), { status, headers: json });
}

/** Elysia's validation error -> our 400 with the offending field named. */
export function validationError(
  err: {
    type?: string;
    valueError?: { path: string; message: string };
    all?: Array<{ path: string; message: string }>;
  },
  queryField?: string,
): WireError {
  const first = err.valueError ?? err.all?.[0];
  const path =
    first?.path?.replace(/^\//, "").replace(/\//g, ".") || (err.type === "property" ? (queryField ?? "") : "");
  const where =
    err.type === "query" || (err.type === "property" && queryField)
      ? "query parameter"
      : err.type === "params"
        ? "path parameter"
        : "field";
  const field = path || undefined;
  const message = field
    ? `Invalid ${where} ${field}: ${first!.message}`
    : `Invalid ${err.type ?? "request"}: ${first?.message ?? "does not match the schema"}`;
  return new AppError("invalid", message, field).toWire();
}

/** A file a command produced: { contentType, filename?, base64 } -> the bytes with that content type. */
export function fileResponse(file: { contentType: string; filename?: string; base64: string }): Response {
  const headers: Record<string, string> = { "content-type": file.contentType };
  if (file.filename) headers["content-disposition"] = `inline; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`;
  return new Response(Buffer.from(file.base64, "base64"), { headers });
}
