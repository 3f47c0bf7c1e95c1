import { command, identity } from "../command.ts";
import { hashPassword, verifyPassword } from "../password.ts";
import { login } from "../schemas.ts";
import { AppError, forbidden } from "../../runtime/errors.ts";

// Verifies against a fixed hash when the email is unknown, so both failures take the same time and answer.
const decoy = await hashPassword("decoy-password-never-matches");

export default command({
  name: "login",
  input: login,
  async run(ctx, { email, password }) {
    const user = await ctx.store.findByEmail(email);
    const ok = await verifyPassword(password, user?.password_hash ?? decoy);
    if (!user || !ok) throw new AppError("unauthorized", "Invalid email or password");
    if (user.disabled) throw forbidden("This account is disabled");
    return identity(user);
  },
});
