// Driver errors become the runtime's errors in the store layer, whichever database holds the data: a store's caller
// sees 409 / 400 / 503 as AppErrors, never a driver's error code. PostgreSQL's are here; see cassandra.ts and
// users/store/mongo.ts for the others.
import { AppError } from "./errors.ts";

/**
 * Every async method of `store`, with driver errors passed through `translate` (unreachable server -> 503,
 * duplicate key -> 409), so they reach the client as the runtime's errors and never as a retried 500.
 */
export function translatingErrors<S extends object>(store: S, translate: (err: unknown) => AppError | null): S {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    wrapped[name] =
      typeof value !== "function"
        ? value
        : async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(wrapped, args);
            } catch (err) {
              if (err instanceof AppError) throw err;
              throw translate(err) ?? err;
            }
          };
  }
  return wrapped as S;
}

/** Errors PostgreSQL raises because of what the client sent are the client's (409, 400), not ours. */
export function postgresError(err: unknown): AppError | null {
  const code = String((err as { code?: string })?.code ?? "");
  if (code === "23505") {
    const constraint = (err as { constraint_name?: string }).constraint_name;
    return new AppError("conflict", `This conflicts with an existing record${constraint ? ` (${constraint})` : ""}`);
  }
  if (code === "23514") {
    return new AppError("conflict", "This change would break a rule of the data (for example a balance below zero)");
  }
  if (code === "23503") return new AppError("invalid", "This refers to something that does not exist");
  if (code.startsWith("22")) return new AppError("invalid", "A value is out of range or malformed");
  return null;
}
