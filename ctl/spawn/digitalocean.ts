// spawnMachine --driver digitalocean: a droplet that installs Docker and joins the Swarm (cloud-init user data).
// The API token comes from DIGITALOCEAN_TOKEN (or _FILE) only; DIGITALOCEAN_API_URL points at a stand-in in tests.
import { swarmJoinUserData } from "./cloudInit.ts";

export interface DropletRequest {
  name: string;
  region: string;
  size: string;
  image: string;
  swarmToken: string;
  manager: string;
  tags: string[];
}

export interface Droplet {
  id: number;
  name: string;
  status: string;
  region: string;
  size: string;
}

export async function createDroplet(apiUrl: string, apiToken: string, req: DropletRequest): Promise<Droplet> {
  if (!apiToken) throw new Error("DIGITALOCEAN_TOKEN (or DIGITALOCEAN_TOKEN_FILE) must be set");
  const body = {
    name: req.name,
    region: req.region,
    size: req.size,
    image: req.image,
    user_data: swarmJoinUserData(req.swarmToken, req.manager),
    monitoring: true,
    tags: req.tags,
  };
  const res = await fetch(`${apiUrl.replace(/\/$/, "")}/v2/droplets`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: { droplet?: Record<string, unknown>; message?: string; id?: string } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (!res.ok || !parsed.droplet)
    throw new Error(
      `DigitalOcean refused to create the droplet: ${res.status} ${parsed.message ?? parsed.id ?? text.slice(0, 200)}`,
    );
  const d = parsed.droplet;
  return {
    id: Number(d.id),
    name: String(d.name),
    status: String(d.status),
    region: typeof d.region === "object" && d.region ? String((d.region as { slug?: string }).slug) : req.region,
    size: String(d.size_slug ?? req.size),
  };
}
