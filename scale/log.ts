// One JSON object per line on stdout: the autoscaler's decisions are its audit trail.
import { hostname } from "node:os";

export type Level = "debug" | "info" | "warn" | "error";
export type Log = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLog(write: (line: string) => void = (line) => process.stdout.write(line + "\n")): Log {
  const instance = process.env.WORKUP_INSTANCE || hostname();
  return (level, msg, fields = {}) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, service: "autoscaler", instance, msg, ...fields }));
  };
}
