// The user data of a new droplet: install Docker, join the Swarm as a worker. Values are checked, not quoted,
// so nothing in them can reach the shell as code.
export function swarmJoinUserData(token: string, manager: string): string {
  if (!/^SWMTKN-[A-Za-z0-9-]+$/.test(token)) throw new Error("the swarm join token must look like SWMTKN-1-...");
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(manager))
    throw new Error(`the swarm manager must be host or host:port, got "${manager}"`);
  const address = manager.includes(":") ? manager : `${manager}:2377`;
  return [
    "#cloud-config",
    "package_update: true",
    "runcmd:",
    "  - curl -fsSL https://get.docker.com -o /tmp/get-docker.sh",
    "  - sh /tmp/get-docker.sh",
    "  - systemctl enable --now docker",
    `  - docker swarm join --token ${token} ${address}`,
    "  - touch /var/lib/workup-joined",
    "",
  ].join("\n");
}
