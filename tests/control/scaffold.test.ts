// Writing a hot-swap patch: scaffold, check, diff, then update and roll back, against a real stack (two jobs
// replicas and the gateway), as an operator runs the CLI.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import amqp from "amqplib";
import { bundlePatch } from "../../ctl/bundle.ts";
import { signControl } from "../../svc/runtime/control/credential.ts";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { api, type Api } from "../support/api.ts";
import { root, startStack, type Stack } from "../support/stack.ts";
import { caller, controlSecret, ctl, patch, postJob, statesOf } from "./harness.ts";

let stack: Stack;
let a: Api;
let jobId: string;
let dir: string;
const client = caller("CLIENT");
const readmePatch = join(root, "getJob.patch.ts");

beforeAll(async () => {
  stack = await startStack({ services: ["jobs"], replicas: { jobs: 2 }, env: { CONTROL_SECRET: controlSecret } });
  a = api(stack.url);
  jobId = await postJob(a, client.token);
  dir = mkdtempSync(join(tmpdir(), "workup-scaffold-"));
}, 120_000);
afterAll(async () => {
  rmSync(readmePatch, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
  await stack?.stop();
}, 30_000);

/** Enough GET /api/v1/jobs/{id} to reach both replicas. */
const getJobs = () => Promise.all(Array.from({ length: 6 }, () => a.get(`/api/v1/jobs/${jobId}`, client.token)));
/** [status, id, field] of each answer. */
const answers = async (field: string) => (await getJobs()).map((r) => [r.status, r.body.id, r.body[field]]);
const everyAnswer = (field: string, value: unknown) => Array(6).fill([200, jobId, value]);
const getJobVersions = async () => {
  const status = await ctl(stack, ["status", "jobs"]);
  expect(status.code).toBe(0);
  return Object.values(statesOf(status.outcome)).map((s) => s.commands.getJob);
};
const instance = (n: number) => `${stack.ns}-jobs-${n}`;

describe("Change a command at runtime (README)", () => {
  it("runs the README's sequence as written: the gateway answers with the edit, then without it", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Change a command at runtime"));
    const start = section.indexOf("```sh\n") + 6;
    const block = section.slice(start, section.indexOf("\n```", start));
    const lines = block.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
    // `bun` on the PATH is the Bun running this test (its binary may be named bun.exe).
    mkdirSync(join(dir, "bin"));
    symlinkSync(process.execPath, join(dir, "bin", "bun"));
    const env = {
      ...process.env,
      PATH: `${join(dir, "bin")}:${process.env.PATH}`,
      WORKUP_NAMESPACE: stack.ns,
      CONTROL_SECRET: controlSecret,
    };
    let checked = "";
    // The edited line of run() as the bundle has it, and the original.
    const edited = '    return { ...await cachedJob(ctx, id), note: "patched" };';
    const original = "    return cachedJob(ctx, id);";
    const steps: Array<[RegExp, (out: string) => Promise<void> | void]> = [
      [
        /^bun ctl scaffold jobs getJob +#/,
        () => {
          const header = 'must not change: name "getJob", write: false, internal: false';
          expect(readFileSync(readmePatch, "utf8")).toContain(header);
        },
      ],
      [/^sed /, () => expect(readFileSync(readmePatch, "utf8")).toContain('note: "patched"')],
      [
        /^bun ctl check jobs getJob getJob.patch.ts /,
        (out) => {
          expect(out).toMatch(/^ok: getJob.patch.ts is a valid patch of jobs getJob: bundle [\d.]+ KiB, version \w+\n/);
          checked = out.match(/version ([0-9a-f]{16})/)![1];
        },
      ],
      [
        /^bun ctl diff jobs getJob getJob.patch.ts /,
        (out) => {
          // --- the file, +++ the running built-in
          expect(out).toContain(`--- getJob.patch.ts (version ${checked})`);
          expect(out).toContain(`\n-${edited}\n+${original}\n`);
        },
      ],
      [
        /^bun ctl updateCommand jobs getJob getJob.patch.ts /,
        async (out) => {
          expect(out).toContain(`${instance(1)}  ok      ${checked}`);
          expect(await answers("note")).toEqual(everyAnswer("note", "patched"));
        },
      ],
      [/^bun ctl status jobs /, (out) => expect(out).toMatch(new RegExp(`\\ngetJob +${checked}\\* +${checked}\\*`))],
      [
        /^bun ctl diff jobs getJob +#/,
        (out) => {
          expect(out).toContain(`running on ${instance(1)}, ${instance(2)} (version ${checked}, patch):`);
          expect(out).toContain(`\n-${original}\n+${edited}\n`);
          expect(out).toContain(`all 2 replica(s) run version ${checked}`);
        },
      ],
      [
        /^bun ctl rollbackCommand jobs getJob /,
        async () => {
          expect(await answers("note")).toEqual(everyAnswer("note", undefined));
        },
      ],
      [/^rm getJob.patch.ts$/, () => expect(existsSync(readmePatch)).toBe(false)],
    ];
    for (const line of lines) {
      const proc = Bun.spawn(["bash", "-c", line], { cwd: root, env, stdout: "pipe", stderr: "pipe" });
      const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
      const code = await proc.exited;
      expect({ line, code, err: code ? err : "" }).toEqual({ line, code: 0, err: "" });
      const step = steps.findIndex(([pattern]) => pattern.test(line));
      if (step < 0) throw new Error(`the test does not know the README's step "${line}"`);
      await steps[step][1](out);
      steps.splice(step, 1);
    }
    expect(steps.map(([pattern]) => String(pattern))).toEqual([]); // every step is in the README
  }, 90_000);
});

describe("scaffold", () => {
  it("writes a working copy anywhere: imports resolve from its folder; sent unchanged, it answers alike", async () => {
    const file = join(dir, "copy", "getJob.ts");
    await Bun.write(join(dir, "copy", ".keep"), "");
    const before = await getJobs();
    const made = await ctl(stack, ["scaffold", "jobs", "getJob", file]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`wrote ${file}: jobs getJob from svc/jobs/commands/getJob.ts (built-in, version`);
    const text = readFileSync(file, "utf8");
    // From the copy's folder to this checkout, wherever both are (CI's clone may share a prefix with the temp dir).
    expect(text).toContain(`import { cachedJob, command } from "${relative(dirname(file), root)}/svc/jobs/command.ts"`);
    const builtin = readFileSync(join(root, "svc/jobs/commands/getJob.ts"), "utf8");
    expect(text).toContain(builtin.split("\n").slice(3).join("\n")); // all but its three imports

    const update = await ctl(stack, ["updateCommand", "jobs", "getJob", file]);
    expect(update.code).toBe(0);
    expect((await getJobVersions()).map((v) => v.source)).toEqual(["patch", "patch"]);
    expect((await getJobs()).map((r) => [r.status, r.body])).toEqual(before.map((r) => [r.status, r.body]));
    expect((await ctl(stack, ["rollbackCommand", "jobs", "getJob"])).code).toBe(0);
  }, 60_000);

  it("copies the live patch's bundle when a patch is active; that copy sent again answers as the patch", async () => {
    expect((await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobTagged")])).code).toBe(0);
    const file = join(dir, "live.patch.ts");
    const made = await ctl(stack, ["scaffold", "jobs", "getJob", file]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("from the active patch (version");
    expect(readFileSync(file, "utf8")).toContain('patched: "v2"');
    expect((await ctl(stack, ["rollbackCommand", "jobs", "getJob"])).code).toBe(0);
    for (const res of await getJobs()) expect(res.body.patched).toBeUndefined();

    expect((await ctl(stack, ["updateCommand", "jobs", "getJob", file])).code).toBe(0);
    expect(await answers("patched")).toEqual(everyAnswer("patched", "v2"));
    expect((await ctl(stack, ["rollbackCommand", "jobs", "getJob"])).code).toBe(0);
  }, 60_000);

  it("refuses to overwrite an existing file unless given --force", async () => {
    const file = join(dir, "mine.ts");
    writeFileSync(file, "// my work\n");
    const refused = await ctl(stack, ["scaffold", "jobs", "getJob", file]);
    expect([refused.code, refused.stderr]).toEqual([2, `error: ${file} already exists; add --force to overwrite it\n`]);
    expect(readFileSync(file, "utf8")).toBe("// my work\n");
    expect((await ctl(stack, ["scaffold", "jobs", "getJob", file, "--force"])).code).toBe(0);
    expect(readFileSync(file, "utf8")).toContain('name: "getJob"');
  }, 60_000);
});

describe("bad input", () => {
  it("names the problem in one line, exits 2 for a wrong command line, 1 for a refused patch", async () => {
    const good = join(dir, "good.ts");
    expect((await ctl(stack, ["scaffold", "jobs", "getJob", good])).code).toBe(0);
    const source = readFileSync(good, "utf8");
    const variant = (name: string, from: string, to: string) => {
      expect(source).toContain(from);
      writeFileSync(join(dir, name), source.replace(from, to));
      return join(dir, name);
    };
    const flags = variant("flags.ts", 'name: "getJob",', 'name: "getJob",\n  write: true,');
    const renamed = variant("renamed.ts", 'name: "getJob",', 'name: "getJobs",');
    const syntax = variant("syntax.ts", "requireRole(ctx);", "requireRole(ctx;");
    const missing = join(dir, "missing.ts");
    const versions = await getJobVersions();
    const cases: Array<[string[], number, string]> = [
      [["check", "jobs", "getJob", missing], 2, `no such file: ${missing}`],
      [["updateCommand", "jobs", "getJob", missing], 2, `no such file: ${missing}`],
      [["check", "jobs", "getJobz", good], 2, 'jobs has no command "getJobz"; its commands are acceptProposal, '],
      [["updateCommand", "jobs", "getJobz", good], 2, 'jobs has no command "getJobz"'],
      [["scaffold", "jobs", "getJobz", join(dir, "z.ts")], 2, 'jobs has no command "getJobz"'],
      [["diff", "jobs", "getJobz"], 2, 'jobs has no command "getJobz"'],
      [["check", "jobs", "getJob", flags], 1, `${flags} refused: the patch must keep write: false of getJob (it has`],
      [["updateCommand", "jobs", "getJob", flags], 1, `${flags} refused: the patch must keep write: false of getJob`],
      [["check", "jobs", "getJob", renamed], 1, `${renamed} refused: the module is command "getJobs", not "getJob"`],
      [["updateCommand", "jobs", "getJob", renamed], 1, `${renamed} refused: the module is command "getJobs"`],
      [["check", "jobs", "getJob", syntax], 1, `${syntax} does not compile: Expected ")" but found ";" at line `],
      [["updateCommand", "jobs", "getJob", syntax], 1, `${syntax} does not compile: Expected ")"`],
    ];
    for (const [args, code, message] of cases) {
      const run = await ctl(stack, args);
      const lines = run.stderr.trim().split("\n");
      const seen = { args, code: run.code, lines: lines.length, stdout: run.stdout };
      expect(seen).toEqual({ args, code, lines: 1, stdout: "" });
      expect(lines[0]).toStartWith(`error: ${message}`);
    }
    expect(existsSync(join(dir, "z.ts"))).toBe(false);
    expect(await getJobVersions()).toEqual(versions);
    expect(await answers("patched")).toEqual(everyAnswer("patched", undefined));
  }, 90_000);
});

describe("a command added from a file", () => {
  it("is checked against the flags the replicas report, scaffolded from its bundle, refused a new flag", async () => {
    expect((await ctl(stack, ["addCommand", "jobs", "hello", patch("hello")])).code).toBe(0);
    const file = join(dir, "hello.patch.ts");
    const made = await ctl(stack, ["scaffold", "jobs", "hello", file]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("from the active patch (version");
    const source = readFileSync(file, "utf8");
    expect(source).toContain('You must not change: name "hello", write: false, internal: false.');
    writeFileSync(file, source.replace('hello: "world"', 'hello: "again"'));
    expect((await ctl(stack, ["check", "jobs", "hello", file])).code).toBe(0);
    expect((await ctl(stack, ["updateCommand", "jobs", "hello", file])).code).toBe(0);
    const helloVersions = async () =>
      Object.values(statesOf((await ctl(stack, ["status", "jobs"])).outcome)).map((s) => s.commands.hello);
    const versions = await helloVersions();

    writeFileSync(file, source.replace('name: "hello",', 'name: "hello",\n  write: true,'));
    const refused = await ctl(stack, ["updateCommand", "jobs", "hello", file]);
    expect([refused.code, refused.stdout]).toEqual([1, ""]);
    expect(refused.stderr).toBe(`error: ${file} refused: the patch must keep write: false of hello (it has true)\n`);
    const noBuiltin = await ctl(stack, ["diff", "jobs", "hello"]);
    const noBuiltinError = "error: jobs hello has no built-in module: give a file to compare with\n";
    expect([noBuiltin.code, noBuiltin.stderr]).toEqual([2, noBuiltinError]);
    expect(await helloVersions()).toEqual(versions);
    expect((await ctl(stack, ["deleteCommand", "jobs", "hello"])).code).toBe(0);
  }, 60_000);
});

describe("diff", () => {
  /** An updateCommand that reaches one replica only (its own control queue), as a missed message would leave it. */
  async function updateOneReplica(n: number, code: string, hash: string) {
    const conn = await amqp.connect(amqpUrlFor(process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672", stack.ns));
    try {
      const ch = await conn.createChannel();
      const { queue } = await ch.assertQueue("", { exclusive: true });
      const answered = new Promise<{ ok: boolean }>((resolve) =>
        ch.consume(queue, (msg) => msg && resolve(JSON.parse(msg.content.toString())), { noAck: true }),
      );
      const args = { command: "getJob", code, hash };
      const id = crypto.randomUUID();
      const issuedAt = Date.now();
      const message = signControl(controlSecret, { id, service: "jobs", op: "updateCommand", args, issuedAt });
      const body = Buffer.from(JSON.stringify(message));
      ch.sendToQueue(`controller_jobs.${instance(n)}`, body, { replyTo: queue, correlationId: id });
      expect((await answered).ok).toBe(true);
    } finally {
      await conn.close();
    }
  }

  it("shows the version each replica runs against the built-in, and that replicas disagree", async () => {
    const tagged = await bundlePatch(patch("getJobTagged"));
    const [builtin] = (await getJobVersions()).map((v) => v.version);
    await updateOneReplica(1, tagged.code, tagged.hash);

    const shown = await ctl(stack, ["diff", "jobs", "getJob"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`jobs getJob running on ${instance(1)} (version ${tagged.hash}, patch):\n`);
    expect(shown.stdout).toContain(`--- built-in svc/jobs/commands/getJob.ts (version ${builtin})\n`);
    expect(shown.stdout).toContain(`+++ running on ${instance(1)} (version ${tagged.hash}, patch)\n`);
    expect(shown.stdout).toMatch(/\n\+.*patched: "v2"/);
    expect(shown.stdout).toContain(`running on ${instance(2)} (version ${builtin}, builtin): same as built-in`);
    expect(shown.stdout).toContain("replicas disagree: 2 versions on 2 replicas");

    const againstFile = await ctl(stack, ["diff", "jobs", "getJob", patch("getJobTagged")]);
    const sameAsFile = `running on ${instance(1)} (version ${tagged.hash}, patch): same as ${patch("getJobTagged")}`;
    expect(againstFile.stdout).toContain(sameAsFile);
    const scaffolded = await ctl(stack, ["scaffold", "jobs", "getJob", join(dir, "split.ts")]);
    expect(scaffolded.code).toBe(0);
    expect(scaffolded.stderr).toContain("warning: the replicas disagree");

    // Everyone on the patch, then everyone back: the replicas agree again.
    expect((await ctl(stack, ["updateCommand", "jobs", "getJob", patch("getJobTagged")])).code).toBe(0);
    expect((await ctl(stack, ["rollbackCommand", "jobs", "getJob"])).code).toBe(0);
    const agreed = await ctl(stack, ["diff", "jobs", "getJob"]);
    const both = `${instance(1)}, ${instance(2)}`;
    expect(agreed.stdout).toContain(`running on ${both} (version ${builtin}, builtin): same as built-in`);
    expect(agreed.stdout).toContain(`all 2 replica(s) run version ${builtin}`);
  }, 60_000);
});
