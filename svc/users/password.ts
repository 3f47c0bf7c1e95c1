// Password hashing: argon2id with OWASP's minimum parameters (19 MiB, 2 passes), so logins stay affordable
// under load. Verification reads the parameters from the stored hash, so older hashes keep working.
const params = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

export const hashPassword = (password: string) => Bun.password.hash(password, params);
export const verifyPassword = (password: string, hash: string) => Bun.password.verify(password, hash);
