import { infrastructure } from "../../svc/runtime/config.ts";
// Direct broker actions for fault tests, through the RabbitMQ management API.
const mgmt = new URL(infrastructure().mgmtUrl);
const auth = {
  authorization: "Basic " + btoa(`${decodeURIComponent(mgmt.username)}:${decodeURIComponent(mgmt.password)}`),
};

/** Force-close every client connection of a namespace's vhost (as a broker restart or network cut would). */
export async function closeAllConnections(vhost: string, atLeast = 1): Promise<number> {
  // The management API lists a new connection only after its next stats tick (up to ~5 s).
  let conns: Array<{ name: string }> = [];
  for (let i = 0; i < 100 && conns.length < atLeast; i++) {
    if (i) await Bun.sleep(100);
    const res = await fetch(`${mgmt.origin}/api/vhosts/${encodeURIComponent(vhost)}/connections`, { headers: auth });
    conns = (await res.json()) as Array<{ name: string }>;
  }
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
