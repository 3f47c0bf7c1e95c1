// The operations a controller can apply to a replica (README "Runtime control").
import type { Replica } from "../replica.ts";
import { parseLevel } from "../log.ts";
import type { ControlOp } from "./plane.ts";

export function controlOps(r: Replica): Record<string, ControlOp> {
  return {
    status: async () => {},
    setLoggingLevel: async ({ level }) => {
      r.log.level = parseLevel(String(level));
    },
  };
}
