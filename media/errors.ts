// One error type for the media server, thrown anywhere and turned into a uniform JSON body once, in server.ts.
export type MediaErrorCode =
  | "invalid"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "too_large"
  | "range_not_satisfiable"
  | "internal";

const statusOf: Record<MediaErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  too_large: 413,
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
