// The two JSON body shapes the media server sends: success objects and `{ error: { status, code, message, field? } }`.
import type { MediaError } from "./errors.ts";

const jsonType = "application/json; charset=utf-8";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": jsonType, "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(err: MediaError, head = false): Response {
  const error = {
    status: err.status,
    code: err.code,
    message: err.message,
    ...(err.field ? { field: err.field } : {}),
  };
  return new Response(head ? null : JSON.stringify({ error }), {
    status: err.status,
    headers: { "content-type": jsonType, "cache-control": "no-store", ...err.headers },
  });
}
