// `bun ctl spawnMachine [--driver local|digitalocean]`: replicate the whole backend on another machine.
import { defineCommand } from "citty";
import { env, envInt } from "../../svc/runtime/config.ts";
import { UsageError } from "../config.ts";
import { table } from "../table.ts";
import { createDroplet } from "./digitalocean.ts";
import { spawnLocalMachine } from "./local.ts";

export const spawnMachine = defineCommand({
  meta: {
    name: "spawnMachine",
    description: "Replicate the whole backend: local processes, or a DigitalOcean droplet that joins the Swarm",
  },
  args: {
    driver: { type: "string", description: "local or digitalocean (SPAWN_DRIVER, default local)" },
    name: { type: "string", description: "machine / droplet name (default workup-<random>)" },
    port: { type: "string", description: "local: the copy's gateway port (default 8081)" },
    services: { type: "string", description: "local: comma-separated services to start (default all four)" },
    "log-dir": {
      type: "string",
      description: "local: where the logs and the pid file go (default .run/machine-<name>)",
    },
    "swarm-token": { type: "string", description: "digitalocean: swarm join token (SWARM_JOIN_TOKEN)" },
    manager: { type: "string", description: "digitalocean: swarm manager host[:port] (SWARM_MANAGER)" },
    region: { type: "string", description: "digitalocean: region (DIGITALOCEAN_REGION, default lon1)" },
    size: { type: "string", description: "digitalocean: size slug (DIGITALOCEAN_SIZE, default s-4vcpu-8gb)" },
    image: { type: "string", description: "digitalocean: image (DIGITALOCEAN_IMAGE, default ubuntu-24-04-x64)" },
    json: { type: "boolean", description: "print the result as JSON" },
  },
  async run({ args }) {
    const driver = args.driver ?? env("SPAWN_DRIVER", "local");
    const name = args.name ?? `workup-${Math.random().toString(36).slice(2, 8)}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(name))
      throw new UsageError(`--name must be a host name, got "${name}"`);
    if (driver === "local") {
      const port = Number(args.port ?? envInt("SPAWN_GATEWAY_PORT", 8081));
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UsageError(`--port must be a port number, got "${args.port}"`);
      const machine = await spawnLocalMachine({
        name,
        port,
        services: args.services
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        logDir: args["log-dir"],
      });
      if (args.json) return void console.log(JSON.stringify(machine, null, 2));
      console.log(
        table(
          ["component", "pid", "log"],
          machine.processes.map((p) => [p.component, p.pid, p.log]),
        ),
      );
      console.log(
        `\nmachine ${machine.name} ready: gateway ${machine.url}\nstop it with: xargs kill < ${machine.pidFile}`,
      );
      return;
    }
    if (driver === "digitalocean") {
      const droplet = await createDroplet(
        env("DIGITALOCEAN_API_URL", "https://api.digitalocean.com"),
        env("DIGITALOCEAN_TOKEN", ""),
        {
          name,
          region: args.region ?? env("DIGITALOCEAN_REGION", "lon1"),
          size: args.size ?? env("DIGITALOCEAN_SIZE", "s-4vcpu-8gb"),
          image: args.image ?? env("DIGITALOCEAN_IMAGE", "ubuntu-24-04-x64"),
          swarmToken: args["swarm-token"] ?? env("SWARM_JOIN_TOKEN", ""),
          manager: args.manager ?? env("SWARM_MANAGER", ""),
          tags: ["workup", "swarm-worker"],
        },
      );
      if (args.json) return void console.log(JSON.stringify(droplet, null, 2));
      console.log(
        table(
          ["id", "name", "status", "region", "size"],
          [[droplet.id, droplet.name, droplet.status, droplet.region, droplet.size]],
        ),
      );
      console.log(`\ndroplet ${droplet.name} created; it joins the swarm once cloud-init has installed Docker`);
      return;
    }
    throw new UsageError(`--driver must be local or digitalocean, got "${driver}"`);
  },
});
