// One row of the gateway's route table: everything about a route is declared here, nothing is hand-written.
import type { TSchema } from "@sinclair/typebox";
import type { CommandContract } from "../../svc/runtime/commandContract.ts";
import type { Role } from "../../svc/runtime/envelope.ts";

export type Access = "public" | "authenticated" | Role[];

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Elysia path, with :params. */
  path: string;
  /** The command it runs, from the service's schemas (e.g. jobsCommands.getJob). */
  contract: CommandContract;
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
  /**
   * Links to private media in the answer (an object or a list of them), signed for their owner only
   * (gw/mediaLinks.ts): `resumeLink`, or each of `attachments[].url`; the owner is the caller or `freelancerId`.
   */
  mediaLinks?: { field: "resumeLink" | "attachments"; owner: "caller" | "freelancerId" };
  /**
   * The gateway's edge cache keeps this GET's answers (gw/edgeCache.ts) for `ttlSeconds`, tagged with the service's
   * cache keys that `tags` names for the request: every invalidation of one of them drops the answer. `perCaller`:
   * the answer (or who may see it) depends on the caller, so each caller has an entry of their own.
   */
  edgeCache?: { ttlSeconds: number; tags: (params: Record<string, string>) => string[]; perCaller?: boolean };
  /** Builds the command input; default: params, then query, then body merged. */
  input?: (req: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown }) => unknown;
}

/** The one route builder: `const jobs = routesOf(jobsCommands, "/api/v1/jobs")`, then one row per route. */
export const routesOf =
  <K extends string>(commands: Record<K, CommandContract>, prefix: string) =>
  (
    method: Route["method"],
    path: string,
    command: K,
    access: Access,
    summary: string,
    extra: Partial<Route> = {},
  ): Route => ({ method, path: `${prefix}${path}`, contract: commands[command], access, summary, ...extra });
