// What the gateway accepts as a request body: at most maxBodyBytes, refused with the JSON 413 error whether the
// size is declared (Content-Length, refused before reading) or not (chunked: refused once the limit is passed while
// reading). Bun's own limit sits far above it (gw/app.ts), so Bun's empty 413 never answers a client. JSON is
// parsed by our own parser (gw/jsonBody.ts: depth-limited, an object).
import { Elysia } from "elysia";
import { AppError } from "../../svc/runtime/errors.ts";
import { errorResponse } from "../errors.ts";
import { parseJsonBody } from "../jsonBody.ts";

const tooLarge = (maxBodyBytes: number) =>
  new AppError("too_large", `The request body is larger than ${maxBodyBytes} bytes`);

/**
 * The body's text. With a declared size (already checked against the limit, and the most the server reads) in one
 * native read; chunked, chunk by chunk, abandoned as soon as it passes the limit (a JavaScript stream reader costs
 * the gateway about a tenth of a proposal's CPU, so only bodies of unknown size take it).
 */
async function readLimited(request: Request, maxBodyBytes: number): Promise<string> {
  if (!request.body) return "";
  if (request.headers.has("content-length")) return request.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBodyBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export const bodyLimits = (maxBodyBytes: number, onRefused?: (request: Request) => void) =>
  new Elysia({ name: "workup-body-limits", seed: maxBodyBytes })
    .onRequest(({ request }) => {
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length <= maxBodyBytes) return;
      onRefused?.(request);
      // The body stays unread: closing the connection after the answer ends it (else it would hold a graceful stop).
      return errorResponse(tooLarge(maxBodyBytes).toWire(), { connection: "close" });
    })
    .onParse({ as: "global" }, async ({ request }, contentType) => {
      if (contentType === "application/json") return parseJsonBody(await readLimited(request, maxBodyBytes));
      // Another type with a declared (and checked) size: Elysia's own parser; chunked: its text, within the limit.
      if (request.headers.has("content-length")) return undefined;
      return readLimited(request, maxBodyBytes);
    });
