// Bearer tokens (HS256) and the role rules of each route. The caller's id always comes from the token.
import type { Access } from "./routes/route.ts";
import type { Caller, Role } from "../svc/runtime/envelope.ts";
import { AppError } from "../svc/runtime/errors.ts";

export interface TokenVerifier {
  verify(token?: string, options?: { algorithms: string[] }): Promise<false | Record<string, unknown>>;
}

const roles: readonly Role[] = ["CLIENT", "FREELANCER", "ADMIN"];

/** Whether the token's account still exists: "unknown" when the users service cannot tell right now. */
export type AccountCheck = (caller: Caller) => Promise<"active" | "gone" | "unknown">;
/** How long an account found active is not asked about again (so a deleted account's token stops within it). */
export const accountRecheckMs = 60_000;

interface Remembered {
  caller: Caller;
  expiresAt: number;
  checkedUntil: number;
  gone?: boolean;
  checking?: Promise<void>;
}

// Verified tokens, remembered until they expire: a client sends the same token on every request, and the
// signature check is most of the gateway's own work. Bounded; cleared whole when full.
// Kept per verifier (one per gateway and secret).
const rememberedBy = new WeakMap<TokenVerifier, Map<string, Remembered>>();
const everyRemembered = new Set<Map<string, Remembered>>(); // what account changes apply to (gw/accountChanges.ts)
const maxRemembered = 20_000;

/**
 * An account was deleted or disabled ("gone": its tokens are refused from now on) or enabled again; with no user id
 * (announcements may have been missed), every remembered account is asked about again at its next request.
 */
export function accountChanged(userId: string | null, gone: boolean): void {
  for (const remembered of everyRemembered)
    for (const entry of remembered.values()) {
      if (userId !== null && entry.caller.id !== userId) continue;
      if (userId !== null) entry.gone = gone; // a missed deletion is found by asking; a known one stays
      entry.checkedUntil = 0;
    }
}

export async function authenticate(
  jwt: TokenVerifier,
  header: string | undefined | null,
  checkAccount?: AccountCheck,
): Promise<Caller | null> {
  if (!header) return null;
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <token>'");
  const token = match[1];
  let verified = rememberedBy.get(jwt);
  if (!verified) {
    rememberedBy.set(jwt, (verified = new Map()));
    everyRemembered.add(verified);
  }
  let entry = verified.get(token);
  if (!entry || entry.expiresAt <= Date.now()) {
    const claims = await jwt.verify(token, { algorithms: ["HS256"] });
    if (
      !claims ||
      typeof claims.userId !== "string" ||
      typeof claims.sub !== "string" ||
      !roles.includes(claims.role as Role) ||
      typeof claims.exp !== "number"
    ) {
      throw new AppError("unauthorized", "Invalid or expired token");
    }
    entry = {
      caller: { id: claims.userId, role: claims.role as Role, email: claims.sub },
      expiresAt: claims.exp * 1000,
      checkedUntil: 0,
    };
    if (verified.size >= maxRemembered) verified.clear();
    verified.set(token, entry);
  }
  if (checkAccount && !entry.gone && entry.checkedUntil <= Date.now()) await checked(entry, checkAccount);
  if (entry.gone) throw new AppError("unauthorized", "This account no longer exists or is disabled");
  return entry.caller;
}

/** After "unknown" (users down or slow), how long a token goes unasked, so an outage costs one wait per token. */
const unknownRetryMs = 10_000;

// One question per token at a time, however many requests carry it; "unknown" lets the request through.
function checked(entry: Remembered, checkAccount: AccountCheck): Promise<void> {
  entry.checking ??= checkAccount(entry.caller)
    .then(
      (status) => {
        if (status === "gone") entry.gone = true;
        entry.checkedUntil = Date.now() + (status === "active" ? accountRecheckMs : unknownRetryMs);
      },
      () => {
        entry.checkedUntil = Date.now() + unknownRetryMs;
      },
    )
    .finally(() => {
      entry.checking = undefined;
    });
  return entry.checking;
}

export function authorize(access: Access, caller: Caller | null): void {
  if (access === "public") return;
  if (!caller) throw new AppError("unauthorized", "Authentication required: send 'Authorization: Bearer <token>'");
  if (access !== "authenticated" && !access.includes(caller.role)) {
    throw new AppError("forbidden", `This route is for ${access.map((r) => r.toLowerCase()).join(" or ")} accounts`);
  }
}
