// Live limits of a replica: concurrency (in-process limit and AMQP prefetch), database pool size, log level.
import { parseLevel } from "../log.ts";
import type { Replica } from "../replica.ts";
import { intArg, textArg } from "./args.ts";
import type { OverrideStore } from "./overrides.ts";
import type { ControlOp } from "./plane.ts";

export const setConcurrency = (r: Replica, n: number) => r.worker.setConcurrency(n);
export const setPool = (r: Replica, n: number) => r.db.resize(n);
export const setLevel = (r: Replica, level: string) => {
  r.log.level = parseLevel(level);
};

export function limitOps(r: Replica, saved: OverrideStore): Record<string, ControlOp> {
  return {
    setMaxThreads: async (args) => {
      const n = intArg(args, "n", 1, 1000);
      await setConcurrency(r, n);
      await saved.put("concurrency", n);
    },
    setMaxDbConnections: async (args) => {
      const n = intArg(args, "n", 1, 1000);
      setPool(r, n);
      await saved.put("pool", n);
    },
    setLoggingLevel: async (args) => {
      const level = parseLevel(textArg(args, "level"));
      setLevel(r, level);
      await saved.put("level", level);
    },
  };
}
