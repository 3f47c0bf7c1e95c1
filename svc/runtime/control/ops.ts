// The operations a controller can apply to a replica (README "Runtime control"), one file per family.
import type { Replica } from "../replica.ts";
import { commandOps } from "./commandOps.ts";
import { freezeOps } from "./freeze.ts";
import { limitOps } from "./limits.ts";
import type { OverrideStore } from "./overrides.ts";
import type { ControlOp } from "./plane.ts";

export function controlOps(r: Replica, saved: OverrideStore): Record<string, ControlOp> {
  return {
    status: async () => {},
    ...limitOps(r, saved),
    ...freezeOps(r, saved),
    ...commandOps(r, saved),
  };
}
