// A starting replica applies the stored overrides before it consumes, so every replica agrees. A replica that
// was cut off from the broker may have missed control messages (its control queue expires after
// CONTROL_QUEUE_EXPIRES_MS), so it applies them again on every reconnection: each step is a no-op when the
// replica already has that state. One override that cannot be applied (a patch that no longer loads here) is
// logged; the others still apply.
import type { Replica } from "../replica.ts";
import { commandKey, type OverrideStore } from "./overrides.ts";
import { syncCommand, type CommandSnapshot } from "./commandOps.ts";
import { freeze, unfreeze } from "./freeze.ts";
import { setConcurrency, setLevel, setPool } from "./limits.ts";

export async function applyOverrides(r: Replica, saved: OverrideStore): Promise<void> {
  const overrides = await saved.all();
  const applied: string[] = [];
  const attempt = async (key: string, apply: () => unknown) => {
    try {
      if ((await apply()) !== false) applied.push(key);
    } catch (err) {
      r.log.error("stored override not applied", { key, err: (err as Error).message });
    }
  };
  for (const [key, value] of overrides) {
    if (key === "level") await attempt(key, () => r.log.level !== value && setLevel(r, String(value)));
    else if (key === "pool") await attempt(key, () => r.db.max !== value && setPool(r, Number(value)));
    else if (key === "concurrency")
      await attempt(key, () => r.worker.limiter.limit !== value && setConcurrency(r, Number(value)));
    else if (key.startsWith(commandKey("")))
      await attempt(key, () => syncCommand(r, key.slice(commandKey("").length), value as CommandSnapshot));
  }
  const frozen = overrides.get("frozen") === true;
  if (frozen !== r.worker.isFrozen) await attempt("frozen", () => (frozen ? freeze(r) : unfreeze(r)));
  if (applied.length) r.log.info("stored overrides applied", { keys: applied });
}
