// Bearer tokens (HS256) and the role rules of each route. The caller's id always comes from the token.
import type { Access } from "./routes/route.ts";
import type { Caller, Role } from "../svc/runtime/envelope.ts";
import { AppError } from "../svc/runtime/errors.ts";

export interface TokenVerifier { verify(token?: string, options?: { algorithms: string[] }): Promise<false | Record<string, unknown>> }

const roles: readonly Role[] = ["CLIENT", "FREELANCER", "ADMIN"];

// Verified tokens, remembered until they expire: a client sends the same token on every request, and the
// signature check is most of the gateway's own work. Bounded; cleared whole when full.
// Kept per verifier (one per gateway and secret).
const rememberedBy = new WeakMap<TokenVerifier, Map<string, { caller: Caller; expiresAt: number }>>();
const maxRemembered = 20_000;

export async function authenticate(jwt: TokenVerifier, header: string | undefined | null): Promise<Caller | null> {
  if (!header) return null;
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <token>'");
  const token = match[1];
  let verified = rememberedBy.get(jwt);
  if (!verified) rememberedBy.set(jwt, (verified = new Map()));
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known.caller;
  const claims = await jwt.verify(token, { algorithms: ["HS256"] });
  if (!claims || typeof claims.userId !== "string" || typeof claims.sub !== "string" || !roles.includes(claims.role as Role) || typeof claims.exp !== "number") {
    throw new AppError("unauthorized", "Invalid or expired token");
  }
  const caller: Caller = { id: claims.userId, role: claims.role as Role, email: claims.sub };
  if (verified.size >= maxRemembered) verified.clear();
  verified.set(token, { caller, expiresAt: claims.exp * 1000 });
  return caller;
}

export function authorize(access: Access, caller: Caller | null): void {
  if (access === "public") return;
  if (!caller) throw new AppError("unauthorized", "Authentication required: send 'Authorization: Bearer <token>'");
  if (access !== "authenticated" && !access.includes(caller.role)) {
    throw new AppError("forbidden", `This route is for ${access.map((r) => r.toLowerCase()).join(" or ")} accounts`);
  }
}
