// The namespace's RabbitMQ virtual host, created through the management API when it can be reached.
export async function ensureVhost(mgmtUrl: string, vhost: string): Promise<boolean> {
  const { origin, username, password } = new URL(mgmtUrl);
  const auth = "Basic " + btoa(`${decodeURIComponent(username || "guest")}:${decodeURIComponent(password || "guest")}`);
  const user = decodeURIComponent(username || "guest");
  const call = (path: string, body?: unknown) =>
    fetch(`${origin}/api/${path}`, {
      method: "PUT",
      headers: { authorization: auth, "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(5000),
    });
  try {
    const v = encodeURIComponent(vhost);
    const created = await call(`vhosts/${v}`);
    if (!created.ok) return false;
    const granted = await call(`permissions/${v}/${encodeURIComponent(user)}`, {
      configure: ".*",
      write: ".*",
      read: ".*",
    });
    return granted.ok;
  } catch {
    return false;
  }
}

export async function deleteVhost(mgmtUrl: string, vhost: string): Promise<void> {
  const { origin, username, password } = new URL(mgmtUrl);
  const auth = "Basic " + btoa(`${decodeURIComponent(username || "guest")}:${decodeURIComponent(password || "guest")}`);
  await fetch(`${origin}/api/vhosts/${encodeURIComponent(vhost)}`, {
    method: "DELETE",
    headers: { authorization: auth },
  }).catch(() => {});
}

/** amqp://host/ + vhost, unless the URL already names one. */
export function amqpUrlFor(amqpUrl: string, vhost: string): string {
  const url = new URL(amqpUrl);
  if (url.pathname && url.pathname !== "/") return amqpUrl;
  url.pathname = "/" + encodeURIComponent(vhost);
  return url.toString();
}
