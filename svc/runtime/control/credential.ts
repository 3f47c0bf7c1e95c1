// Operator credential for control messages: an HMAC of the message under CONTROL_SECRET, fresh for 5 minutes,
// bound to the service it was sent to (a message captured on controller_jobs means nothing on controller_payments).
import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a signed control message stays valid (replicas also refuse a message id seen within it). */
export const freshnessMs = 5 * 60_000;

export interface ControlMessage {
  id: string;
  service: string;
  op: string;
  args: Record<string, unknown>;
  issuedAt: number;
  signature: string;
}

const payload = (m: Omit<ControlMessage, "signature">) =>
  `${m.id}\n${m.service}\n${m.op}\n${m.issuedAt}\n${JSON.stringify(m.args)}`;

export function signControl(secret: string, m: Omit<ControlMessage, "signature">): ControlMessage {
  return { ...m, signature: createHmac("sha256", secret).update(payload(m)).digest("hex") };
}

export function verifyControl(secret: string, service: string, m: ControlMessage, now = Date.now()): string | null {
  if (
    !m ||
    typeof m.signature !== "string" ||
    typeof m.op !== "string" ||
    typeof m.id !== "string" ||
    !m.args ||
    typeof m.args !== "object"
  )
    return "malformed control message";
  if (m.service !== service) return `control message for another service (${String(m.service)})`;
  if (!(Math.abs(now - Number(m.issuedAt)) <= freshnessMs)) return "control message is too old";
  const expected = Buffer.from(createHmac("sha256", secret).update(payload(m)).digest("hex"));
  const given = Buffer.from(m.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "invalid operator credential";
}
