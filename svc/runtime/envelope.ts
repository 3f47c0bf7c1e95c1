// The message contract between callers (gateway, services, outbox) and service replicas. See README "Message envelope".
import type { ConsumeMessage, Options } from "amqplib";
import type { AppError, WireError } from "./errors.ts";

export type Role = "CLIENT" | "FREELANCER" | "ADMIN";
export interface Caller {
  id: string;
  role: Role;
  email?: string;
}
export type Origin = "gateway" | "service" | "outbox";

export interface RequestMeta {
  command: string;
  requestId: string;
  /** Deduplication key for writes: the request id, or one derived from a client's Idempotency-Key. */
  idempotencyKey: string;
  caller: Caller | null;
  traceId: string;
  deadline: number;
  origin: Origin;
  attempt: number;
}

/**
 * A command's answer. A write's names the cache keys it invalidated (`invalidates`): the gateway drops its edge
 * entries for them before answering the client, and the request log keeps them for a replay after a crash.
 */
export type Reply = { ok: true; body: unknown; invalidates?: string[] } | { ok: false; error: WireError };

export const queueOf = (service: string) => `queue_${service}`;
export const deadLetterQueueOf = (service: string) => `dlq_${service}`;
export const controlExchangeOf = (service: string) => `controller_${service}`;

export function requestProperties(meta: RequestMeta, replyTo: string | undefined): Options.Publish {
  const headers: Record<string, unknown> = {
    "x-command": meta.command,
    "x-trace-id": meta.traceId,
    "x-deadline": meta.deadline,
    "x-origin": meta.origin,
    "x-attempt": meta.attempt,
  };
  if (meta.idempotencyKey !== meta.requestId) headers["x-idempotency-key"] = meta.idempotencyKey;
  if (meta.caller) {
    headers["x-user-id"] = meta.caller.id;
    headers["x-user-role"] = meta.caller.role;
    if (meta.caller.email) headers["x-user-email"] = meta.caller.email;
  }
  return {
    messageId: meta.requestId,
    correlationId: meta.requestId,
    replyTo,
    contentType: "application/json",
    headers,
  };
}

export function readRequest(msg: ConsumeMessage): RequestMeta {
  const h = (msg.properties.headers ?? {}) as Record<string, unknown>;
  const requestId = String(msg.properties.messageId ?? msg.properties.correlationId ?? "");
  const userId = h["x-user-id"];
  return {
    command: String(h["x-command"] ?? ""),
    requestId,
    idempotencyKey: String(h["x-idempotency-key"] ?? requestId),
    caller: userId
      ? {
          id: String(userId),
          role: String(h["x-user-role"]) as Role,
          email: h["x-user-email"] ? String(h["x-user-email"]) : undefined,
        }
      : null,
    traceId: String(h["x-trace-id"] ?? requestId),
    deadline: Number(h["x-deadline"] ?? 0),
    origin: String(h["x-origin"] ?? "service") as Origin,
    attempt: Number(h["x-attempt"] ?? 1),
  };
}

export const encodeReply = (reply: Reply) => Buffer.from(JSON.stringify(reply));
export const okReply = (body: unknown): Reply => ({ ok: true, body: body === undefined ? null : body });
export const errorReply = (err: AppError): Reply => ({ ok: false, error: err.toWire() });
