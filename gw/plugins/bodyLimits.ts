// What the gateway accepts as a request body: at most maxBodyBytes (413 before it is read), and JSON that our own
// parser checked (gw/jsonBody.ts: depth-limited, an object).
import { Elysia } from "elysia";
import { AppError } from "../../svc/runtime/errors.ts";
import { errorResponse } from "../errors.ts";
import { parseJsonBody } from "../jsonBody.ts";

export const bodyLimits = (maxBodyBytes: number, onRefused?: (request: Request) => void) =>
  new Elysia({ name: "workup-body-limits", seed: maxBodyBytes })
    .onRequest(({ request }) => {
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length <= maxBodyBytes) return;
      onRefused?.(request);
      return errorResponse(new AppError("too_large", `The request body is larger than ${maxBodyBytes} bytes`).toWire());
    })
    .onParse({ as: "global" }, ({ request }, contentType) =>
      contentType === "application/json" ? request.text().then(parseJsonBody) : undefined,
    );
