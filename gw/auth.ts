// Bearer tokens (HS256) and the role rules of each route. The caller's id always comes from the token.
import type { Access } from "./routes/route.ts";
import type { Caller, Role } from "../svc/runtime/envelope.ts";
import { AppError } from "../svc/runtime/errors.ts";

export interface TokenVerifier { verify(token?: string, options?: { algorithms: string[] }): Promise<false | Record<string, unknown>> }

const roles: readonly Role[] = ["CLIENT", "FREELANCER", "ADMIN"];

export async function authenticate(jwt: TokenVerifier, header: string | undefined | null): Promise<Caller | null> {
  if (!header) return null;
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <token>'");
  const claims = await jwt.verify(match[1], { algorithms: ["HS256"] });
  if (!claims || typeof claims.userId !== "string" || typeof claims.sub !== "string" || !roles.includes(claims.role as Role) || typeof claims.exp !== "number") {
    throw new AppError("unauthorized", "Invalid or expired token");
  }
  return { id: claims.userId, role: claims.role as Role, email: claims.sub };
}

export function authorize(access: Access, caller: Caller | null): void {
  if (access === "public") return;
  if (!caller) throw new AppError("unauthorized", "Authentication required: send 'Authorization: Bearer <token>'");
  if (access !== "authenticated" && !access.includes(caller.role)) {
    throw new AppError("forbidden", `This route is for ${access.map((r) => r.toLowerCase()).join(" or ")} accounts`);
  }
}
