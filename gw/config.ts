// Gateway configuration: environment variables with local defaults (README "Configuration").
import { baseConfig, env, envInt, secret } from "../svc/runtime/config.ts";
import { devMediaSigningKey } from "../svc/runtime/mediaSignature.ts";

export function gatewayConfig() {
  return {
    ...baseConfig("gateway"),
    port: envInt("GATEWAY_PORT", 8080),
    /** /metrics and /healthz for Prometheus, on the internal network only (0: any free port). */
    metricsPort: envInt("METRICS_PORT", 0),
    host: env("GATEWAY_HOST", "0.0.0.0"),
    jwtSecret: secret("JWT_SECRET", "workup-dev-jwt-secret-change-me-0123456789"),
    tokenTtl: env("JWT_EXPIRES_IN", "30m"),
    replyTimeoutMs: envInt("GATEWAY_TIMEOUT_MS", 10_000),
    maxBodyBytes: envInt("GATEWAY_MAX_BODY_BYTES", 1_048_576),
    /** The edge cache's byte budget (gw/edgeCache.ts); 0 turns it off. */
    edgeCacheBytes: envInt("EDGE_CACHE_BYTES", 8 * 1024 * 1024),
    /** Signs links to private media (the media server's key; svc/runtime/mediaSignature.ts). */
    mediaLinks: {
      key: secret("MEDIA_SIGNING_KEY", devMediaSigningKey),
      ttlSeconds: envInt("MEDIA_LINK_TTL_SECONDS", 300),
    },
    loginThrottle: {
      accountLimit: envInt("LOGIN_MAX_FAILURES", 5),
      clientLimit: envInt("LOGIN_MAX_FAILURES_PER_CLIENT", 50),
      accountCeiling: envInt("LOGIN_MAX_FAILURES_PER_ACCOUNT", 20),
      ceilingIntervalMs: envInt("LOGIN_SLOW_INTERVAL_MS", 1000),
      baseLockSeconds: envInt("LOGIN_LOCK_SECONDS", 1),
      maxLockSeconds: envInt("LOGIN_LOCK_MAX_SECONDS", 300),
      windowSeconds: envInt("LOGIN_FAILURE_WINDOW_SECONDS", 900),
    },
  };
}
export type GatewayConfig = ReturnType<typeof gatewayConfig>;
