// `make swarm-test` (tests/swarm/run.sh starts the engine and the swarm first): builds the images, deploys a stack of
// its own name on this single-node swarm and checks it as a user and an operator would, through the published
// ports on 127.0.0.1 and the Docker CLI: readiness, the whole money flow, scaling and the controller, a rolling update
// and a killed container under write load, the autoscaler, the media server, and a removal that leaves nothing.
// Prints one line per check and `N passed, N failed`. Load is bounded in time and count, and goes to 127.0.0.1 only.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, registerClient, registerFreelancer, type Account } from "../support/api.ts";
import { steadyLoad, statusCounts, type Sample } from "../support/load.ts";
import { acceptedMilestone, contract, job } from "../support/marketplace.ts";
import { basic, pdfDocument, uploadForm } from "../media/harness.ts";
import { signMediaPath } from "../../svc/runtime/mediaSignature.ts";
import { docker, dockerAsync, stackOf } from "./docker.ts";

const root = new URL("../../", import.meta.url).pathname;
const stack = process.env.WORKUP_STACK ?? "workup-e2e";
const httpPort = process.env.WORKUP_HTTP_PORT ?? "18080";
const mediaPort = process.env.WORKUP_MEDIA_PORT ?? "18910";
const gateway = `http://127.0.0.1:${httpPort}`;
const a = api(gateway);
const s = stackOf(stack);
const run = crypto.randomUUID().slice(0, 8);

let passed = 0,
  failed = 0;
async function check(name: string, body: () => Promise<string | undefined | void>): Promise<boolean> {
  const started = Date.now();
  try {
    const detail = await body();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? `: ${detail}` : ""}`);
    return true;
  } catch (err) {
    failed++;
    console.log(`FAIL ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${(err as Error).message}`);
    return false;
  }
}
function expect(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 1_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (
      await Promise.resolve()
        .then(test)
        .catch(() => false)
    )
      return;
    await Bun.sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
function script(path: string, args: string[] = [], env: Record<string, string> = {}, timeoutMs = 600_000) {
  const p = Bun.spawnSync({
    cmd: ["bash", path, ...args],
    cwd: root,
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
    timeout: timeoutMs,
  });
  return { code: p.exitCode ?? -1, out: p.stdout.toString(), err: p.stderr.toString() };
}
const ctl = (...args: string[]) => script("compose/swarm/ctl.sh", args, {}, 60_000);
const autoscalerLog = () => docker(["service", "logs", "--raw", s.service("autoscaler")], 60_000).out;

// ---- build and deploy ------------------------------------------------------------------------------------------
const built = await check("images build (official ones pulled, else local ones from Debian packages)", async () => {
  const r = script("compose/images/build.sh", ["all"]);
  expect(r.code === 0, `compose/images/build.sh exited ${r.code}: ${r.err.trim().split("\n").slice(-3).join(" | ")}`);
  return (
    r.out
      .trim()
      .split("\n")
      .filter((l) => l.includes("built") || l.includes("pulled")).length + " images ready"
  );
});
if (built) {
  await check(
    "the WorkUp image holds the app and production dependencies only (no tests, bench, .git, secrets)",
    async () => {
      const image = process.env.WORKUP_IMAGE ?? "workup:latest";
      const r = docker([
        "run",
        "--rm",
        "--entrypoint",
        "sh",
        image,
        "-c",
        "cd /app && ls -A && ls node_modules && find . -path ./node_modules -prune -o -type f -print | wc -l",
      ]);
      expect(r.code === 0, `docker run: ${r.err}`);
      const lines = r.out.split("\n");
      const top = lines.slice(0, lines.indexOf("node_modules") + 1);
      for (const never of ["tests", "bench", ".git", ".run", "compose/secrets", "README.md", "Makefile"]) {
        expect(!top.includes(never), `/app has ${never}`);
      }
      expect(!r.out.includes("secrets"), "a secrets folder is in the image");
      for (const dev of ["typescript", "@typescript", "autocannon", "bun", "bun-types"])
        expect(!lines.includes(dev), `node_modules has ${dev}`);
      for (const dep of ["elysia", "amqplib", "postgres", "ioredis"])
        expect(lines.includes(dep), `node_modules lacks ${dep}`);
      return `/app: ${top.join(" ")}; ${lines.at(-1)} app files`;
    },
  );
}
// ---- bad input: one clear line naming the cause, a non-zero exit, nothing deployed ----------------------------------
const nothingDeployed = () =>
  docker(["service", "ls", "-q", "--filter", `label=com.docker.stack.namespace=${stack}`]).out === "";
await check(
  "bad input: no engine, a missing image, a port in use, a failed build each stop with one clear line",
  async () => {
    const noEngine = script("compose/swarm/deploy.sh", [], { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(
      noEngine.code === 1 && /Docker engine does not answer/.test(noEngine.err),
      `no engine: ${noEngine.code} ${noEngine.err}`,
    );
    const noImage = script("compose/swarm/deploy.sh", [], { WORKUP_IMAGE: "workup:never-built" });
    expect(
      noImage.code === 1 && /image workup:never-built \(WORKUP_IMAGE\) is not on this node/.test(noImage.err),
      `missing image: ${noImage.code} ${noImage.err}`,
    );
    const squatter = Bun.serve({ hostname: "0.0.0.0", port: 0, fetch: () => new Response("taken") });
    try {
      const taken = script("compose/swarm/deploy.sh", [], { WORKUP_HTTP_PORT: String(squatter.port) });
      expect(
        taken.code === 1 && taken.err.includes(`port ${squatter.port} is already in use`),
        `port in use: ${taken.code} ${taken.err}`,
      );
    } finally {
      squatter.stop(true);
    }
    const badBuild = script("compose/images/build.sh", ["app"], { BUN_IMAGE: "workup-local/no-such-bun:0" });
    expect(
      badBuild.code === 1 && /the Bun image workup-local\/no-such-bun:0 is not here/.test(badBuild.err),
      `failed build: ${badBuild.code} ${badBuild.err}`,
    );
    expect(nothingDeployed(), "a refused deploy left services behind");
  },
);
if (built) {
  await check("a stack that does not converge in time is named with its tasks' state, exit 1", async () => {
    const r = script("compose/swarm/deploy.sh", ["stack.yaml"], { WORKUP_DEPLOY_TIMEOUT: "5" });
    expect(
      r.code === 1 && /did not converge in 5s/.test(r.err) && /stack .* did not converge \(services: /.test(r.err),
      `deploy with a 5 s limit: ${r.code} ${r.err.trim().split("\n").slice(-4).join(" | ")}`,
    );
    return r.err.trim().split("\n").at(-1);
  });
}
const deployed =
  built &&
  (await check("make deploy converges and the gateway answers /readyz", async () => {
    const r = script("compose/swarm/deploy.sh", ["stack.yaml"]);
    expect(r.code === 0, `deploy exited ${r.code}: ${(r.err || r.out).trim().split("\n").slice(-6).join(" | ")}`);
    const ready = await fetch(`${gateway}/readyz`);
    expect(ready.status === 200, `/readyz answered ${ready.status}`);
    const openapi = await fetch(`${gateway}/openapi.json`);
    expect(
      openapi.status === 200 && !!((await openapi.json()) as { paths?: object }).paths,
      `/openapi.json answered ${openapi.status}`,
    );
    // The docs page's assets come from the image's own swagger-ui-dist (production dependencies).
    const ui = await fetch(`${gateway}/docs/assets/swagger-ui-bundle.js`);
    expect(ui.status === 200 && (await ui.text()).length > 100_000, `the docs' Swagger UI answered ${ui.status}`);
    return r.out
      .trim()
      .split("\n")
      .filter((l) => l.includes("converged"))
      .join("");
  }));

if (deployed) {
  let client!: Account, freelancer!: Account;
  // ---- the money flow ----------------------------------------------------------------------------------------
  await check(
    "money flow: register, job, proposal, accept, milestone, payment request, pay once, withdraw",
    async () => {
      client = await registerClient(a);
      freelancer = await registerFreelancer(a);
      const c = await contract(a, client, freelancer);
      const requestId = await acceptedMilestone(a, client, freelancer, c.milestoneIds[0]);
      const pays = await Promise.all(
        [1, 2].map(() => a.post(`/api/v1/payments/requests/${requestId}/pay`, undefined, client.token)),
      );
      const statuses = pays.map((p) => p.status).sort();
      expect(statuses[0] === 200 && statuses[1] === 409, `two concurrent pays answered ${statuses}`);
      const wallet = await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token);
      expect(
        wallet.body?.balance === 500,
        `wallet balance ${JSON.stringify(wallet.body)}, expected 500 (credited once)`,
      );
      const txs = await a.get("/api/v1/payments/freelancers/me/wallet/transactions", freelancer.token);
      expect(txs.body?.transactions?.length === 1, `${txs.body?.transactions?.length} wallet transactions, expected 1`);
      const withdrawn = await a.post(
        "/api/v1/payments/freelancers/me/wallet/withdraw",
        { amount: 120 },
        freelancer.token,
      );
      expect(
        withdrawn.status === 200 && withdrawn.body.balance === 380,
        `withdraw: ${withdrawn.status} ${JSON.stringify(withdrawn.body)}`,
      );
      return `contract ${c.contractId}, paid 500 once, withdrew 120, balance 380`;
    },
  );

  // ---- scaling and the controller ----------------------------------------------------------------------------
  await check("docker service scale jobs=3, then the controller's status is answered by 3 replicas", async () => {
    const r = docker(["service", "scale", "--detach=false", `${s.service("jobs")}=3`], 180_000);
    expect(r.code === 0, `docker service scale: ${r.err}`);
    let out = "";
    await until(
      "3 replicas answering `status jobs`",
      () => {
        const st = ctl("status", "jobs", "--expect", "3");
        out = st.out + st.err;
        return st.code === 0 && /3 replica\(s\) answered, all ok/.test(st.out);
      },
      60_000,
      2_000,
    );
    const instances = new Set(out.match(/jobs-\d+/g));
    expect(instances.size === 3, `instances in the status table: ${[...instances]}`);
    return `instances ${[...instances].sort().join(", ")}`;
  });
  await check("the autoscaler holds an operator's scale-up (no scale-down within its window)", async () => {
    await Bun.sleep(4 * Number(process.env.SCALE_INTERVAL_MS ?? 3000));
    expect(s.desired("jobs") === 3, `jobs was set to ${s.desired("jobs")} replicas`);
    expect(autoscalerLog().includes("replicas changed from outside (1 -> 3)"), "the autoscaler did not log the change");
  });

  // ---- writes under a rolling update and a killed container --------------------------------------------------
  let readId = "";
  await check("a client and a job for the checks below", async () => {
    client ??= await registerClient(a);
    const created = await a.post("/api/v1/jobs", job({ title: `swarm read target ${run}` }), client.token);
    expect(created.status === 201, `create job: ${created.status} ${JSON.stringify(created.body)}`);
    readId = created.body.id;
  });
  /** Continuous reads and writes; each write is retried with its Idempotency-Key until acknowledged (max 5 tries). */
  function writeLoad(tag: string) {
    const acknowledged = new Map<string, string>();
    const load = steadyLoad(
      6,
      (i) => {
        if (i % 2 === 0) return { kind: "read", send: () => a.get(`/api/v1/jobs/${readId}`, client.token) };
        const title = `swarm ${tag} ${run} ${i}`;
        const key = crypto.randomUUID();
        return {
          kind: "write",
          send: async () => {
            let res = await a.post("/api/v1/jobs", job({ title }), client.token, { "idempotency-key": key });
            for (let n = 1; n < 5 && res.status >= 500; n++) {
              retried.push(res.status); // every failed attempt counts, also when its retry succeeds
              await Bun.sleep(500);
              res = await a.post("/api/v1/jobs", job({ title }), client.token, { "idempotency-key": key });
            }
            if (res.status === 201) acknowledged.set(title, res.body.id);
            return res;
          },
        };
      },
      { pauseMs: 20, hangMs: 60_000 },
    );
    const retried: number[] = [];
    return { load, acknowledged, retried };
  }
  function verifyWrites(tag: string, samples: Sample[], acknowledged: Map<string, string>): string {
    const rows = s.sql("jobs", `select id || ' ' || title from jobs where title like 'swarm ${tag} ${run} %'`);
    const byTitle = new Map<string, string[]>();
    for (const row of rows) {
      const [id, ...title] = row.split(" ");
      byTitle.set(title.join(" "), [...(byTitle.get(title.join(" ")) ?? []), id]);
    }
    const lost = [...acknowledged].filter(([title, id]) => !(byTitle.get(title) ?? []).includes(id));
    const duplicated = [...byTitle].filter(([, ids]) => ids.length > 1);
    expect(lost.length === 0, `${lost.length} acknowledged writes are not in the database`);
    expect(duplicated.length === 0, `${duplicated.length} writes were applied twice`);
    const statuses = JSON.stringify(statusCounts(samples));
    return `${acknowledged.size} acknowledged writes, 0 lost, 0 duplicated; statuses ${statuses}`;
  }

  await check(
    "rolling update of jobs (service update --force) under read and write load: 0 failed, 0 lost",
    async () => {
      const { load, acknowledged, retried } = writeLoad("rolling");
      await Bun.sleep(2_000);
      const r = await dockerAsync(["service", "update", "--force", "--detach=false", s.service("jobs")], 300_000);
      await Bun.sleep(2_000);
      const samples = await load.stop();
      expect(r.code === 0, `docker service update: ${r.err}`);
      const failedRequests = samples.filter((x) => x.status < 200 || x.status >= 300);
      expect(
        failedRequests.length === 0 && retried.length === 0,
        `${failedRequests.length + retried.length} of ` +
          `${samples.length + retried.length} requests failed: ` +
          `${JSON.stringify(statusCounts(failedRequests))} ${retried}`,
      );
      return `${samples.length} requests; ${verifyWrites("rolling", samples, acknowledged)}`;
    },
  );

  await check(
    "docker kill of a jobs container during writes: 0 lost and 0 duplicated acknowledged writes",
    async () => {
      const { load, acknowledged, retried } = writeLoad("kill");
      await Bun.sleep(3_000);
      const [victim] = s.containers("jobs");
      expect(!!victim, "no jobs container to kill");
      const r = docker(["kill", victim]);
      expect(r.code === 0, `docker kill: ${r.err}`);
      await Bun.sleep(5_000);
      const samples = await load.stop();
      await until("jobs back at 3 running replicas", () => s.running("jobs") === 3, 90_000);
      const verified = verifyWrites("kill", samples, acknowledged);
      return `killed ${victim.slice(0, 12)}; ${verified}; ${retried.length} attempts retried`;
    },
  );

  // ---- the autoscaler ----------------------------------------------------------------------------------------
  await check("the autoscaler scales jobs back down after its (shortened) window", async () => {
    const r = docker([
      "service",
      "update",
      "--detach=false",
      "--env-add",
      "SCALE_DOWN_WINDOW_MS=20000",
      s.service("autoscaler"),
    ]);
    expect(r.code === 0, `docker service update autoscaler: ${r.err}`);
    await until("jobs scaled down to 1", () => s.desired("jobs") === 1, 120_000, 2_000);
  });
  await check("the autoscaler scales jobs up under a queue backlog and down once it is drained", async () => {
    // The killed container's control queue outlives it for a minute (the controller names it missing until then).
    await until("every jobs replica answering the controller", () => ctl("status", "jobs").code === 0, 90_000, 3_000);
    let queued: Promise<unknown> = Promise.resolve();
    try {
      const frozen = ctl("freeze", "jobs");
      expect(frozen.code === 0, `ctl freeze jobs: ${frozen.out}${frozen.err}`);
      // 120 requests the frozen replica leaves queued (each gets 504 when the gateway gives up; replicas skip them
      // later).
      queued = Promise.all(
        Array.from({ length: 120 }, () => a.get(`/api/v1/jobs/${readId}`, client.token).catch(() => null)),
      );
      await until("jobs scaled up to 3", () => s.desired("jobs") === 3, 90_000, 2_000);
    } finally {
      const started = ctl("start", "jobs");
      expect(started.code === 0, `ctl start jobs: ${started.out}${started.err}`);
      await queued;
    }
    await until("jobs scaled back down to 1", () => s.desired("jobs") === 1, 150_000, 2_000);
    const log = autoscalerLog();
    const decisions = log.split("\n").filter((l) => l.includes('"target":"' + s.service("jobs") + '"'));
    const ups = decisions.filter((l) => l.includes('"action":"up"'));
    const reasons = ups.map((l) => /"reason":"([^"]*)"/.exec(l)?.[1] ?? "?");
    expect(
      ups.some((l) => l.includes("load above target")),
      `no scale-up decision said 'load above target' (${log.length} bytes of log, ${decisions.length} decisions ` +
        `for jobs, up reasons: ${JSON.stringify(reasons)})`,
    );
    const downs = decisions.filter((l) => l.includes('"action":"down"')).length;
    return `${ups.length} scale-up and ${downs} scale-down decisions`;
  });

  // ---- hot swap through the controller -------------------------------------------------------------------------
  await check("make ctl-swarm: scaffold, edit, updateCommand, the changed answer, rollbackCommand", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workup-e2e-patch-"));
    const file = join(dir, "getJob.patch.ts");
    try {
      const scaffolded = ctl("scaffold", "jobs", "getJob", file);
      expect(scaffolded.code === 0, `scaffold: ${scaffolded.out}${scaffolded.err}`);
      const source = readFileSync(file, "utf8");
      const edited = source.replace(
        "return cachedJob(ctx, id);",
        'return { ...(await cachedJob(ctx, id)), note: "patched" };',
      );
      expect(edited !== source, "the scaffolded getJob does not read as the README says");
      writeFileSync(file, edited);
      const updated = ctl("updateCommand", "jobs", "getJob", file);
      expect(updated.code === 0, `updateCommand: ${updated.out}${updated.err}`);
      const patched = await a.get(`/api/v1/jobs/${readId}`, client.token);
      expect(patched.body?.note === "patched", `after the update: ${JSON.stringify(patched.body)}`);
      const rolled = ctl("rollbackCommand", "jobs", "getJob");
      expect(rolled.code === 0, `rollbackCommand: ${rolled.out}${rolled.err}`);
      const back = await a.get(`/api/v1/jobs/${readId}`, client.token);
      expect(back.status === 200 && back.body?.note === undefined, `after the rollback: ${JSON.stringify(back.body)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // ---- media ---------------------------------------------------------------------------------------------------
  await check("the media server serves a placeholder and accepts an authenticated upload", async () => {
    const media = `http://127.0.0.1:${mediaPort}`;
    const placeholder = await fetch(`${media}/static/icons/nobody-${run}.png`);
    expect(
      placeholder.status === 200 && placeholder.headers.get("x-media-placeholder") === "true",
      `placeholder: ${placeholder.status} ${placeholder.headers.get("x-media-placeholder")}`,
    );
    const user = readFileSync(`${root}compose/secrets/upload_user`, "utf8").trim();
    const password = readFileSync(`${root}compose/secrets/upload_password`, "utf8").trim();
    const pdf = pdfDocument(`swarm ${run}`);
    const name = `${crypto.randomUUID()}-cv-${run}`; // resume is private: named after its owner
    const refused = await fetch(`${media}/upload/resume`, {
      method: "POST",
      body: uploadForm(pdf, name),
      headers: { authorization: basic(user, "wrong") },
    });
    expect(refused.status === 401, `a wrong password got ${refused.status}`);
    const up = await fetch(`${media}/upload/resume`, {
      method: "POST",
      body: uploadForm(pdf, name),
      headers: { authorization: basic(user, password) },
    });
    const body = (await up.json()) as { path?: string };
    expect(up.status === 201 && !!body.path, `upload: ${up.status} ${JSON.stringify(body)}`);
    const unsigned = await fetch(`${media}${body.path}`);
    expect(unsigned.status === 403, `an unsigned private link got ${unsigned.status}`);
    const key = readFileSync(`${root}compose/secrets/media_signing_key`, "utf8").trim();
    const link = `${media}${body.path}?${signMediaPath(key, body.path!, Math.floor(Date.now() / 1000) + 60)}`;
    const back = new Uint8Array(await (await fetch(link)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(back), Buffer.from(pdf)) === 0, "the uploaded file came back different");
    return body.path;
  });
}

// ---- removal -------------------------------------------------------------------------------------------------------
await check("docker stack rm leaves no services, secrets, configs, networks or volumes of the stack", async () => {
  const r = script("compose/swarm/undeploy.sh", [], { WORKUP_REMOVE_VOLUMES: "1" });
  expect(r.code === 0, `undeploy exited ${r.code}: ${r.err.trim()}`);
  const label = `label=com.docker.stack.namespace=${stack}`;
  const left = ["service", "secret", "config", "network", "volume"].flatMap((kind) =>
    docker([kind, "ls", "-q", "--filter", label])
      .out.split("\n")
      .filter(Boolean)
      .map((id) => `${kind} ${id}`),
  );
  expect(left.length === 0, `left behind: ${left.join(", ")}`);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
