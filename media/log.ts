// JSON logs, one object per line. Callers pass only safe fields; keys that look like secrets are dropped anyway.
const levels = ["debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof levels)[number];
const secretKey = /pass(word)?|authorization|secret|token|cookie/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  fatal(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(minLevel = "info"): Logger {
  const min = Math.max(0, levels.indexOf(minLevel as LogLevel));
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (levels.indexOf(level) < min) return;
    const safe = Object.fromEntries(Object.entries(fields).filter(([k]) => !secretKey.test(k)));
    const line = JSON.stringify({ time: new Date().toISOString(), level, service: "media", message, ...safe });
    (level === "debug" || level === "info" ? process.stdout : process.stderr).write(line + "\n");
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    fatal: (m, f) => write("fatal", m, f),
  };
}
