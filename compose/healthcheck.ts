// Container healthcheck: GET /healthz on the port the running component serves (see entrypoint.sh).
export {}; // a module, for the top-level await below
const ports: Record<string, [string, string]> = {
  gateway: ["GATEWAY_PORT", "8080"],
  media: ["MEDIA_PORT", "8910"],
};
const component = process.env.COMPONENT ?? "";
const [variable, fallback] = ports[component] ?? ["METRICS_PORT", "9100"];
const port = process.env[variable] || fallback;

try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
