// JSON request bodies, parsed by the gateway itself so that a hostile body is refused before anything walks it:
// Elysia's validation of a 100 000-deep array against an object schema held the event loop for seconds (and then
// overflowed the stack), and such an array under a schema of optional fields even passed as an object. Every route's
// body is an object of a few levels, so deeper nesting, or anything but an object, is a 400.
import { AppError } from "../svc/runtime/errors.ts";

export const maxJsonDepth = 32;

/** Nesting depth of a JSON text, counted in one pass (brackets inside strings do not count). */
function tooDeep(text: string): boolean {
  let depth = 0,
    inString = false,
    escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92)
        escaped = true; // backslash
      else if (c === 34) inString = false; // quote
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxJsonDepth) return true;
    } // [ {
    else if (c === 93 || c === 125) depth--; // ] }
  }
  return false;
}

/** The body of an application/json request; an empty one is an empty object. */
export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  if (tooDeep(text)) throw new AppError("invalid", `The request body is nested more than ${maxJsonDepth} levels deep`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid", "The request body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new AppError("invalid", "The request body must be a JSON object");
  return body as Record<string, unknown>;
}
