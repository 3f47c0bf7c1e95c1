// Every setting of the media server, read from the environment in one place (listed in media/README.md).
import { join, resolve } from "node:path";
import { setting as read, type Env } from "../svc/runtime/config.ts";
import { parseLevel } from "../svc/runtime/log.ts";
import { devMediaSigningKey } from "../svc/runtime/mediaSignature.ts";
import { defaultPrivateGroups, groupTable, type GroupSpec, type ImageSize } from "./groups.ts";

export interface MediaConfig {
  env: string;
  host: string;
  port: number;
  /** /metrics for Prometheus, on the internal network only (0: any free port). */
  metricsHost: string;
  metricsPort: number;
  /** Verifies the gateway's signed links to private groups (MEDIA_SIGNING_KEY; the same key as the gateway's). */
  signingKey: string;
  /** Failed upload credentials per client address before a lock (doubling from 1 s). */
  authThrottle: { limit: number; baseLockSeconds: number; maxLockSeconds: number; windowSeconds: number };
  /** Absolute directory holding one folder per group with the uploaded files. */
  dir: string;
  /** Absolute directory holding the committed placeholder files. */
  defaultsDir: string;
  uploadUser: string;
  uploadPassword: string;
  /** max-age for files that exist; placeholders are always revalidated. */
  cacheSeconds: number;
  groups: GroupSpec[];
  logLevel: string;
}

export class ConfigError extends Error {}

const devCredentials = { UPLOAD_USER: "user", UPLOAD_PASSWORD: "password" };

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name, env);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return n;
}

function privateGroupsOf(env: Env): Set<string> {
  const raw = env.MEDIA_PRIVATE_GROUPS ?? defaultPrivateGroups; // "" (set and empty): none
  const names = raw
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !groupTable.some((g) => g.name === n));
  if (unknown.length) throw new ConfigError(`MEDIA_PRIVATE_GROUPS names unknown groups: ${unknown.join(", ")}`);
  return new Set(names);
}

function signingKey(env: Env, workupEnv: string): string {
  const value = read("MEDIA_SIGNING_KEY", env);
  if (workupEnv !== "development" && (value === undefined || value === devMediaSigningKey))
    throw new ConfigError(`MEDIA_SIGNING_KEY (or MEDIA_SIGNING_KEY_FILE) must be set when WORKUP_ENV=${workupEnv}`);
  return value ?? devMediaSigningKey;
}

function imageSize(env: Env, name: string, fallback: ImageSize): ImageSize {
  const raw = read(name, env);
  if (raw === undefined) return fallback;
  const m = /^(\d{1,4})(?:x(\d{1,4}))?$/i.exec(raw.trim());
  const width = Number(m?.[1]);
  const height = Number(m?.[2] ?? m?.[1]);
  if (!m || width < 1 || height < 1 || width > 4096 || height > 4096) {
    throw new ConfigError(`${name} must look like 64 or 640x480 (1..4096), got "${raw}"`);
  }
  return { width, height };
}

/**
 * Credentials are required outside development (production, staging, ...); in development the well-known pair is used.
 */
function credential(env: Env, name: keyof typeof devCredentials, workupEnv: string): string {
  const value = read(name, env);
  const development = workupEnv === "development";
  if (!development && name === "UPLOAD_PASSWORD" && value === devCredentials.UPLOAD_PASSWORD) {
    throw new ConfigError(
      `UPLOAD_PASSWORD is the public development default; set one of your own when WORKUP_ENV=${workupEnv}`,
    );
  }
  if (value !== undefined) return value;
  if (!development)
    throw new ConfigError(
      `${name} (or ${name}_FILE) must be set when WORKUP_ENV=${workupEnv}; ` +
        "the media server will not accept uploads with default credentials",
    );
  return devCredentials[name];
}

function logLevel(raw: string): string {
  try {
    return parseLevel(raw);
  } catch (err) {
    throw new ConfigError(`LOG_LEVEL: ${(err as Error).message}`);
  }
}

export function loadMediaConfig(env: Env = process.env): MediaConfig {
  const workupEnv = read("WORKUP_ENV", env) ?? "development";
  const privateGroups = privateGroupsOf(env);
  const groups = groupTable.map((g): GroupSpec => {
    const key = g.name.toUpperCase();
    return {
      ...g,
      private: privateGroups.has(g.name),
      maxBytes: integer(env, `MEDIA_MAX_BYTES_${key}`, g.maxBytes, 1, 2 ** 31),
      ...(g.imageSize ? { imageSize: imageSize(env, `MEDIA_IMAGE_SIZE_${key}`, g.imageSize) } : {}),
    };
  });
  return {
    env: workupEnv,
    host: read("MEDIA_HOST", env) ?? "0.0.0.0",
    port: integer(env, "MEDIA_PORT", 8910, 0, 65535),
    metricsHost: read("METRICS_HOST", env) ?? "0.0.0.0",
    metricsPort: integer(env, "METRICS_PORT", 0, 0, 65535),
    authThrottle: {
      limit: integer(env, "MEDIA_AUTH_MAX_FAILURES", 5, 1, 1_000_000),
      baseLockSeconds: integer(env, "MEDIA_AUTH_LOCK_SECONDS", 1, 1, 86_400),
      maxLockSeconds: integer(env, "MEDIA_AUTH_LOCK_MAX_SECONDS", 300, 1, 86_400),
      windowSeconds: 900,
    },
    dir: resolve(read("MEDIA_DIR", env) ?? join(import.meta.dir, "data")),
    defaultsDir: join(import.meta.dir, "defaults"),
    uploadUser: credential(env, "UPLOAD_USER", workupEnv),
    uploadPassword: credential(env, "UPLOAD_PASSWORD", workupEnv),
    signingKey: signingKey(env, workupEnv),
    cacheSeconds: integer(env, "MEDIA_CACHE_SECONDS", 60, 0, 31_536_000),
    groups,
    logLevel: logLevel(read("LOG_LEVEL", env) ?? "info"),
  };
}
