// One row of the gateway's route table: everything about a route is declared here, nothing is hand-written.
import type { TSchema } from "@sinclair/typebox";
import type { Role } from "../../svc/runtime/envelope.ts";

export type Access = "public" | "authenticated" | Role[];

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Elysia path, with :params. */
  path: string;
  service: string;
  command: string;
  access: Access;
  summary: string;
  body?: TSchema;
  query?: TSchema;
  params?: TSchema;
  /** Success status (default 200). */
  status?: number;
  /** The command answers {userId, email, role}; the gateway answers {authToken}. */
  issuesToken?: boolean;
  /** Count failures (401) per account and client; refuse with 429 past the limit. */
  throttle?: "login";
  /** The command answers { contentType, filename?, base64 }: the gateway sends those bytes (e.g. a PDF). */
  binary?: boolean;
  /** Builds the command input; default: params, then query, then body merged. */
  input?: (req: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown }) => unknown;
}
