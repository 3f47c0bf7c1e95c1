// Error mapping, once for the whole gateway: every error becomes { error: { status, code, message, field? } }.
import { Elysia } from "elysia";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { AppError } from "../../svc/runtime/errors.ts";
import type { Logger } from "../../svc/runtime/log.ts";
import { errorResponse, validationError } from "../errors.ts";

/** Where a route's query schema is found: Elysia reports a coerced query value that breaks a limit without its name. */
export type QuerySchemaOf = (method: string, path: string) => TSchema | undefined;

function queryFieldOf(schema: TSchema | undefined, query: unknown): string | undefined {
  if (!schema) return undefined;
  const first = Value.Errors(schema, Value.Convert(schema, { ...(query as object) })).First();
  return first?.path.replace(/^\//, "").replace(/\//g, ".") || undefined;
}

export function errorMapping(log: Logger, querySchemaOf: QuerySchemaOf = () => undefined) {
  return new Elysia({ name: "workup-errors" }).onError({ as: "global" }, ({ code, error, request, route, query }) => {
    if (error instanceof AppError) {
      return errorResponse(error.toWire(), error.code === "unauthorized" ? { "www-authenticate": "Bearer" } : {});
    }
    switch (code) {
      case "VALIDATION": {
        const queryField = queryFieldOf(querySchemaOf(request.method, route), query);
        return errorResponse(validationError(error as never, queryField));
      }
      case "PARSE": {
        const cause = (error as { cause?: unknown }).cause;
        if (cause instanceof AppError) return errorResponse(cause.toWire());
        return errorResponse(new AppError("invalid", "The request body is not valid JSON").toWire());
      }
      case "NOT_FOUND": {
        const path = new URL(request.url).pathname;
        return errorResponse(new AppError("not_found", `No route ${request.method} ${path}`).toWire());
      }
    }
    if ((error as { status?: number })?.status === 413) {
      return errorResponse(new AppError("too_large", "The request body is too large").toWire());
    }
    log.error("unhandled gateway error", { code, err: (error as Error)?.message });
    return errorResponse(new AppError("internal", "Internal error").toWire());
  });
}
