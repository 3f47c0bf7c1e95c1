import { infrastructure } from "../../svc/runtime/config.ts";
// Direct broker actions for fault tests, through the RabbitMQ management API.
const mgmt = new URL(infrastructure().mgmtUrl);
const auth = {
  authorization: "Basic " + btoa(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`),
};

/**
 * Force-close every client connection of a namespace's vhost (as a broker restart or network cut would): a count
 * it must see first, or the names (connection_name, a process's instance) of the connections that must be among them.
 */
export async function closeAllConnections(vhost: string, atLeast: number | string[] = 1): Promise<number> {
  // The management API lists a new connection only after its next stats tick (up to ~5 s), and lists the test's own
  // connections too: a count alone may be reached before the processes' connections show.
  type Listed = { name: string; client_properties?: { connection_name?: string } };
  const listed = (conns: Listed[]) =>
    typeof atLeast === "number"
      ? conns.length >= atLeast
      : atLeast.every((name) => conns.some((c) => c.client_properties?.connection_name === name));
  let conns: Listed[] = [];
  for (let i = 0; i < 100 && !listed(conns); i++) {
    if (i) await Bun.sleep(100);
    const res = await fetch(`${mgmt.origin}/api/vhosts/${encodeURIComponent(vhost)}/connections`, { headers: auth });
    conns = (await res.json()) as Listed[];
  }
  if (!listed(conns))
    throw new Error(`connections not listed in vhost ${vhost} after 10 s: ${JSON.stringify(atLeast)}`);
  await Promise.all(
    conns.map((c) =>
      fetch(`${mgmt.origin}/api/connections/${encodeURIComponent(c.name)}`, {
        method: "DELETE",
        headers: { ...auth, "x-reason": "workup fault test" },
      }),
    ),
  );
  return conns.length;
}
