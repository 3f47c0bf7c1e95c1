// One error type for the whole system: raised in commands, carried in replies, mapped to HTTP once at the edge.
export type ErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "unknown_command"
  | "conflict"
  | "too_large"
  | "too_many_requests"
  | "unavailable"
  | "timeout"
  | "internal";

const statusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_command: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

export interface WireError {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = statusOf[code];
  }
  toWire(): WireError {
    return this.field === undefined
      ? { status: this.status, code: this.code, message: this.message }
      : { status: this.status, code: this.code, message: this.message, field: this.field };
  }
  static fromWire(w: WireError): AppError {
    return new AppError(w.code in statusOf ? w.code : "internal", w.message, w.field);
  }
}

export const invalid = (message: string, field?: string) => new AppError("invalid", message, field);
export const unauthorized = (message = "Authentication required") => new AppError("unauthorized", message);
export const forbidden = (message = "You are not allowed to do this") => new AppError("forbidden", message);
export const notFound = (message: string) => new AppError("not_found", message);
export const conflict = (message: string, field?: string) => new AppError("conflict", message, field);
export const unavailable = (message: string) => new AppError("unavailable", message);
export const timeout = (message: string) => new AppError("timeout", message);

/** Errors from a dependency that is down (broker, database, network): retrying later can succeed, so 503. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; errno?: string; message?: string } | null;
  if (!e) return false;
  const code = String(e.code ?? e.errno ?? "");
  if (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
      "ETIMEDOUT",
      "CONNECTION_CLOSED",
      "CONNECTION_ENDED",
      "CONNECTION_DESTROYED",
      "CONNECT_TIMEOUT",
      "57P01",
      "57P02",
      "57P03",
      "08006",
      "08001",
      "08003",
    ].includes(code)
  )
    return true;
  return /ECONNREFUSED|connection (closed|ended|terminated)|the database system is (starting up|shutting down)/i.test(
    String(e.message ?? ""),
  );
}
