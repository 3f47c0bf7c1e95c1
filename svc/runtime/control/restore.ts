// A starting replica applies the stored overrides before it consumes, so every replica agrees.
// One override that cannot be applied (a patch that no longer loads here) is logged; the others still apply.
import type { Replica } from "../replica.ts";
import { commandKey, type OverrideStore } from "./overrides.ts";
import { restoreCommand, type CommandSnapshot } from "./commandOps.ts";
import { freeze } from "./freeze.ts";
import { setConcurrency, setLevel, setPool } from "./limits.ts";

export async function applyOverrides(r: Replica, saved: OverrideStore): Promise<void> {
  const overrides = await saved.all();
  const applied: string[] = [];
  const attempt = async (key: string, apply: () => unknown) => {
    try {
      await apply();
      applied.push(key);
    } catch (err) {
      r.log.error("stored override not applied", { key, err: (err as Error).message });
    }
  };
  for (const [key, value] of overrides) {
    if (key === "level") await attempt(key, () => setLevel(r, String(value)));
    else if (key === "pool") await attempt(key, () => r.db.max !== value && setPool(r, Number(value)));
    else if (key === "concurrency") await attempt(key, () => setConcurrency(r, Number(value)));
    else if (key.startsWith(commandKey(""))) await attempt(key, () => restoreCommand(r, key.slice(commandKey("").length), value as CommandSnapshot));
  }
  if (overrides.get("frozen") === true) await attempt("frozen", () => freeze(r));
  if (applied.length) r.log.info("stored overrides applied", { keys: applied });
}
