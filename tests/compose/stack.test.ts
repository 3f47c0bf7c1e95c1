// The stack files: accepted by `docker stack config`, and the shape the seed had (every component, each
// database reachable only on its own service's network, autoscaler labels), plus what Swarm needs
// (resources, healthchecks, restart policies, named volumes, secrets never inline).
import { describe, expect, it } from "bun:test";
import {
  APP,
  docker,
  INFRA,
  MONITORING,
  networksOf,
  secretsOf,
  SERVICES,
  stackConfig,
  type Resolved,
} from "./fixtures/stackConfig.ts";

const SECRET_KEYS = /(SECRET|PASSWORD|DATABASE_URL|AMQP_URL|MGMT_URL)$/;

describe.skipIf(!docker)("docker stack config accepts the stack files", () => {
  for (const file of [
    "compose/stack.yaml",
    "compose/monitoring.yaml",
    "compose/compose.yaml",
    "compose/portainer.yaml",
  ]) {
    it(`validates ${file}`, () => {
      const { exitCode, stderr } = stackConfig(file);
      expect({ exitCode, stderr: exitCode === 0 ? "" : stderr }).toEqual({ exitCode: 0, stderr: "" });
    });
  }

  it("rejects a broken file (the check is real)", () => {
    const broken = `${process.env.TMPDIR ?? "/tmp"}/workup-broken-${process.pid}.yaml`;
    Bun.spawnSync({
      cmd: ["sh", "-c", `printf 'services:\\n  a:\\n    image: x\\n    deploy: {replicas: many}\\n' > ${broken}`],
    });
    expect(stackConfig(broken).exitCode).not.toBe(0);
  });
});

for (const file of ["compose/stack.yaml", "compose/compose.yaml"]) {
  describe.skipIf(!docker)(`${file}: components and isolation`, () => {
    const { resolved } = stackConfig(file);
    const services: Record<string, Resolved> = resolved?.services ?? {};
    const swarm = file.endsWith("stack.yaml");

    it("has every component of the seed, the databases as PostgreSQL, and the autoscaler on a manager in Swarm", () => {
      const infra = swarm ? INFRA.filter((name) => !MONITORING.includes(name)) : INFRA;
      const expected = [...APP, ...infra, ...(swarm ? ["autoscaler"] : [])].sort();
      expect(Object.keys(services).sort()).toEqual(expected);
      for (const svc of SERVICES) expect(services[`${svc}_db`].image).toStartWith("postgres:");
      if (swarm) {
        const scaler = services.autoscaler;
        expect(scaler.deploy.placement.constraints).toContain("node.role == manager");
        expect(scaler.environment).toMatchObject({ COMPONENT: "autoscaler", SCALE_DRIVER: "swarm" });
        expect(scaler.volumes.map((v: Resolved) => v.target)).toContain("/var/run/docker.sock");
      }
    });

    it("runs every app component from the one image with its COMPONENT, in production mode", () => {
      for (const name of [...APP, ...(swarm ? ["autoscaler"] : [])]) {
        expect(services[name].image).toBe("workup:latest");
        expect(services[name].environment).toMatchObject({ COMPONENT: name, WORKUP_ENV: "production" });
      }
      for (const svc of SERVICES)
        expect(services[svc].environment).toMatchObject({ WORKUP_NAMESPACE: "workup", METRICS_PORT: "9100" });
    });

    it("puts each database only on its service's network, which nobody else joins", () => {
      for (const svc of SERVICES) {
        expect(networksOf(services[`${svc}_db`])).toEqual([svc]);
        const members = Object.entries(services)
          .filter(([, s]) => networksOf(s).includes(svc))
          .map(([n]) => n)
          .sort();
        expect(members).toEqual([svc, `${svc}_db`].sort());
        expect(resolved?.networks[svc].internal).toBe(true);
      }
    });

    it("labels the gateway and the four services for the autoscaler with sane bounds", () => {
      for (const name of ["gateway", ...SERVICES]) {
        const { labels, replicas } = services[name].deploy;
        expect(labels["swarm.autoscaler"]).toBe("true");
        const [min, max] = [Number(labels["swarm.autoscaler.minimum"]), Number(labels["swarm.autoscaler.maximum"])];
        expect(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && min <= max).toBe(true);
        expect(replicas).toBeGreaterThanOrEqual(min);
        expect(replicas).toBeLessThanOrEqual(max);
      }
      for (const svc of SERVICES) expect(services[svc].deploy.labels["workup.queue"]).toBe(`queue_${svc}`);
    });

    it("gives every service CPU and memory limits and reservations, and a healthcheck", () => {
      for (const [name, s] of Object.entries(services)) {
        const { limits, reservations } = s.deploy?.resources ?? {};
        expect({
          name,
          limits: !!limits?.cpus && !!limits?.memory,
          reservations: !!reservations?.cpus && !!reservations?.memory,
        }).toEqual({ name, limits: true, reservations: true });
        expect({ name, healthcheck: Array.isArray(s.healthcheck?.test) }).toEqual({ name, healthcheck: true });
      }
    });

    it("keeps data in named volumes", () => {
      const dataDirs: Record<string, string> = {
        rabbitmq: "/var/lib/rabbitmq",
        redis: "/data",
        media: "/app/media/data",
        ...(swarm ? {} : { prometheus: "/prometheus", grafana: "/var/lib/grafana" }),
        ...Object.fromEntries(SERVICES.map((s) => [`${s}_db`, "/var/lib/postgresql/data"])),
      };
      for (const [name, target] of Object.entries(dataDirs)) {
        const mount = (services[name].volumes ?? []).find((v: Resolved) => v.target === target);
        expect({ name, type: mount?.type, declared: mount && mount.source in (resolved?.volumes ?? {}) }).toEqual({
          name,
          type: "volume",
          declared: true,
        });
      }
    });

    it("passes secrets as mounted files, never inline", () => {
      for (const [name, s] of Object.entries(services)) {
        const env: Record<string, string> = s.environment ?? {};
        for (const [key, value] of Object.entries(env)) {
          expect({ name, key, inline: SECRET_KEYS.test(key) }).toEqual({ name, key, inline: false });
          if (key.endsWith("_FILE")) {
            const secret = value.replace("/run/secrets/", "");
            expect({
              name,
              key,
              path: value.startsWith("/run/secrets/"),
              listed: secretsOf(s).includes(secret),
            }).toEqual({ name, key, path: true, listed: true });
          }
        }
      }
      for (const [name, secret] of Object.entries(resolved?.secrets ?? {})) {
        expect({
          name,
          source: typeof (secret as Resolved).file === "string" || (secret as Resolved).external === true,
        }).toEqual({ name, source: true });
      }
      expect(services.gateway.environment.JWT_SECRET_FILE).toBe("/run/secrets/jwt_secret");
      // The gateway signs private media links with the key the media server checks them with.
      for (const component of ["gateway", "media"])
        expect(services[component].environment.MEDIA_SIGNING_KEY_FILE).toBe("/run/secrets/media_signing_key");
      for (const svc of SERVICES) {
        expect(services[svc].environment[`${svc.toUpperCase()}_DATABASE_URL_FILE`]).toBe(
          `/run/secrets/${svc}_database_url`,
        );
        expect(services[`${svc}_db`].environment.POSTGRES_PASSWORD_FILE).toBe(`/run/secrets/${svc}_db_password`);
      }
    });

    it("runs the broker with the workup vhost and its Prometheus plugin", async () => {
      expect(services.rabbitmq.environment).toMatchObject({ RABBITMQ_DEFAULT_VHOST: "workup" });
      expect(await Bun.file("compose/rabbitmq/enabled_plugins").text()).toContain("rabbitmq_prometheus");
    });

    if (swarm) {
      it("restarts every Swarm service, and stops stateful ones before their replacement starts", () => {
        for (const [name, s] of Object.entries(services)) {
          expect({ name, restart: s.deploy.restart_policy?.condition }).toEqual({ name, restart: "any" });
        }
        for (const name of ["rabbitmq", "redis", ...SERVICES.map((s) => `${s}_db`)]) {
          expect({ name, order: services[name].deploy.update_config.order }).toEqual({ name, order: "stop-first" });
        }
      });
    }
  });
}

describe.skipIf(!docker)("compose/stack.yaml on Swarm", () => {
  const services: Record<string, Resolved> = stackConfig("compose/stack.yaml").resolved?.services ?? {};
  const monitoring: Record<string, Resolved> = stackConfig("compose/monitoring.yaml").resolved?.services ?? {};
  const cpus = (s: Resolved) => Number(s.deploy?.resources?.reservations?.cpus ?? 0) * (s.deploy?.replicas ?? 1);

  it("reserves little enough CPU that the stack, even with every service at 3 replicas, fits one 2-CPU node", () => {
    const atThree = Object.entries(services).reduce(
      (sum, [name, s]) => sum + cpus(s) * (SERVICES.includes(name) ? 3 : 1),
      0,
    );
    expect(atThree).toBeLessThanOrEqual(1.5);
    expect(Object.values(monitoring).reduce((sum, s) => sum + cpus(s), 0)).toBeLessThanOrEqual(0.25);
  });

  it("uses virtual IPs and the routing mesh by default, DNS round robin and host ports when told", () => {
    for (const [name, s] of Object.entries(services))
      expect({ name, mode: s.deploy.endpoint_mode }).toEqual({ name, mode: "vip" });
    expect(services.gateway.ports).toEqual([{ mode: "ingress", target: 8080, published: 80, protocol: "tcp" }]);
    const dnsrr = stackConfig("compose/stack.yaml", {
      WORKUP_ENDPOINT_MODE: "dnsrr",
      WORKUP_PORT_MODE: "host",
      WORKUP_HTTP_PORT: "18080",
    });
    const resolved: Record<string, Resolved> = dnsrr.resolved?.services ?? {};
    for (const [name, s] of Object.entries(resolved))
      expect({ name, mode: s.deploy.endpoint_mode }).toEqual({ name, mode: "dnsrr" });
    expect(resolved.gateway.ports).toEqual([{ mode: "host", target: 8080, published: 18080, protocol: "tcp" }]);
    expect(resolved.media.ports[0]).toMatchObject({ mode: "host", target: 8910 });
  });

  it("takes every image from a variable, the official image by default", () => {
    const local =
      stackConfig("compose/stack.yaml", {
        POSTGRES_IMAGE: "workup-local/postgres:15",
        RABBITMQ_IMAGE: "workup-local/rabbitmq:3.10-management",
        REDIS_IMAGE: "workup-local/redis:7.0",
        WORKUP_IMAGE: "workup:e2e",
      }).resolved?.services ?? {};
    expect([services.rabbitmq.image, services.redis.image, services.jobs_db.image]).toEqual([
      "rabbitmq:4.1-management",
      "redis:7.4",
      "postgres:17",
    ]);
    expect([local.rabbitmq.image, local.redis.image, local.jobs_db.image, local.jobs.image]).toEqual([
      "workup-local/rabbitmq:3.10-management",
      "workup-local/redis:7.0",
      "workup-local/postgres:15",
      "workup:e2e",
    ]);
  });

  it("puts monitoring in its own stack on the WorkUp stack's monitoring network, without /dev/disk", () => {
    expect(Object.keys(monitoring).sort()).toEqual([...MONITORING].sort());
    const resolved = stackConfig("compose/monitoring.yaml", { WORKUP_STACK: "shop" }).resolved;
    expect(resolved?.networks.monitoring).toMatchObject({ external: true, name: "shop_monitoring" });
    expect(monitoring.cadvisor.volumes.map((v: Resolved) => v.source)).not.toContain("/dev/disk/");
    expect(services.autoscaler.environment.PROMETHEUS_URL).toBe("http://prometheus:9090");
  });

  it("lets the controller's one-off container join the backend network", () => {
    expect(stackConfig("compose/stack.yaml").resolved?.networks.backend.attachable).toBe(true);
  });
});
