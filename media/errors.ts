// One error type for the media server, thrown anywhere and turned into a uniform JSON body once, in server.ts.
export type MediaErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "method_not_allowed"
  | "too_large"
  | "too_many_requests"
  | "range_not_satisfiable"
  | "internal";

const statusOf: Record<MediaErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  method_not_allowed: 405,
  too_large: 413,
  too_many_requests: 429,
  range_not_satisfiable: 416,
  internal: 500,
};

export class MediaError extends Error {
  readonly status: number;
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export const invalid = (message: string, field?: string) => new MediaError("invalid", message, field);
export const notFound = (message: string) => new MediaError("not_found", message);
export const tooLarge = (message: string, field?: string) => new MediaError("too_large", message, field);
