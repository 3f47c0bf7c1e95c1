// The Docker CLI for the Swarm end-to-end test: commands, a stack's services and containers, SQL in a database task.
export interface Run {
  code: number;
  out: string;
  err: string;
}

export function docker(args: string[], timeoutMs = 120_000): Run {
  const p = Bun.spawnSync({ cmd: ["docker", ...args], stdout: "pipe", stderr: "pipe", timeout: timeoutMs });
  return { code: p.exitCode ?? -1, out: p.stdout.toString().trim(), err: p.stderr.toString().trim() };
}

export async function dockerAsync(args: string[], timeoutMs = 300_000): Promise<Run> {
  const p = Bun.spawn({ cmd: ["docker", ...args], stdout: "pipe", stderr: "pipe", timeout: timeoutMs });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out.trim(), err: err.trim() };
}

export function stackOf(stack: string) {
  const service = (name: string) => `${stack}_${name}`;
  const containers = (name: string) =>
    docker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service(name)}`])
      .out.split("\n")
      .filter(Boolean);
  return {
    service,
    containers,
    /** Running tasks of one service, as `docker service ls` counts them. */
    running(name: string): number {
      const out = docker([
        "service",
        "ls",
        "--filter",
        `name=${service(name)}`,
        "--format",
        "{{.Name}} {{.Replicas}}",
      ]).out;
      const line = out.split("\n").find((l) => l.startsWith(`${service(name)} `));
      return Number(line?.split(" ")[1]?.split("/")[0] ?? 0);
    },
    desired(name: string): number {
      const r = docker(["service", "inspect", service(name), "--format", "{{.Spec.Mode.Replicated.Replicas}}"]);
      return Number(r.out);
    },
    /** psql -At in the service's database task (its network is internal: nothing outside reaches it). */
    sql(db: string, query: string): string[] {
      const [id] = containers(`${db}_db`);
      if (!id) throw new Error(`no running ${db}_db container`);
      const r = docker(["exec", id, "psql", "-U", db, "-d", db, "-At", "-c", query]);
      if (r.code !== 0) throw new Error(`psql in ${db}_db: ${r.err}`);
      return r.out.split("\n").filter(Boolean);
    },
  };
}
