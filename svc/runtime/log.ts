// Structured JSON logs, one object per line (time, level, the component's fields, msg, fields), secrets redacted;
// the one logger of services, gateway, media server and autoscaler. The level can change at runtime (setLoggingLevel).
import { env } from "./config.ts";

export const levels = ["trace", "debug", "info", "warn", "error", "fatal", "off"] as const;
export type Level = (typeof levels)[number];
const rank = Object.fromEntries(levels.map((l, i) => [l, i])) as Record<Level, number>;

// Keys whose values never reach a log line, wherever they appear.
const secretKeys = /pass(word)?|token|authorization|secret|credential|cookie/i;

export function parseLevel(raw: string): Level {
  const l = raw.toLowerCase() as Level;
  if (!(l in rank)) throw new Error(`unknown log level "${raw}" (one of ${levels.join(", ")})`);
  return l;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = secretKeys.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

export interface Logger {
  level: Level;
  child(fields: Record<string, unknown>): Logger;
  trace(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  fatal(msg: string, fields?: Record<string, unknown>): void;
}

/** Where a line goes: warnings and worse to stderr, the rest to stdout. */
const standardStreams = (line: string, level: Level) =>
  (rank[level] >= rank.warn ? process.stderr : process.stdout).write(line + "\n");

export function createLogger(
  base: Record<string, unknown>,
  state = { level: parseLevel(env("LOG_LEVEL", "info")) },
  sink: (line: string, level: Level) => void = standardStreams,
): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (rank[level] < rank[state.level]) return;
    const line = { time: new Date().toISOString(), level, ...base, msg, ...(fields ? (redact(fields) as object) : {}) };
    sink(JSON.stringify(line), level);
  };
  return {
    get level() {
      return state.level;
    },
    set level(l: Level) {
      state.level = l;
    },
    child: (fields) => createLogger({ ...base, ...fields }, state, sink),
    trace: (m, f) => write("trace", m, f),
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    fatal: (m, f) => write("fatal", m, f),
  };
}
