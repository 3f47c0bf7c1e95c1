// The autoscaler logs through the runtime's logger: its decisions, one JSON object per line, are its audit trail.
import { hostname } from "node:os";
import { env } from "../svc/runtime/config.ts";
import { createLogger, type Logger } from "../svc/runtime/log.ts";

export type Level = "debug" | "info" | "warn" | "error";
export type Log = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLog(logger?: Logger): Log {
  logger ??= createLogger({ service: "autoscaler", instance: env("WORKUP_INSTANCE", hostname()) });
  return (level, msg, fields) => logger[level](msg, fields);
}
