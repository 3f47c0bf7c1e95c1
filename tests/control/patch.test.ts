// In-process checks of the pieces: bundling, patch validation, command-state snapshots, credentials, cloud-init.
import { afterAll, describe, expect, it } from "bun:test";
import { rmSync } from "node:fs";
import { bundlePatch } from "../../ctl/bundle.ts";
import { swarmJoinUserData } from "../../ctl/spawn/cloudInit.ts";
import { CommandMap, versionOf } from "../../svc/runtime/commandMap.ts";
import { commandOps, restoreCommand, type CommandSnapshot } from "../../svc/runtime/control/commandOps.ts";
import { signControl, verifyControl } from "../../svc/runtime/control/credential.ts";
import { loadPatch, patchDirOf } from "../../svc/runtime/control/patch.ts";
import type { OverrideStore } from "../../svc/runtime/control/overrides.ts";
import type { Replica } from "../../svc/runtime/replica.ts";
import { AppError } from "../../svc/runtime/errors.ts";
import { root } from "../support/stack.ts";
import { patch } from "./harness.ts";

const jobsCommands = `${root}svc/jobs/commands`;
const service = `test-${crypto.randomUUID().slice(0, 8)}`;
afterAll(() => rmSync(patchDirOf(service), { recursive: true, force: true }));

describe("bundling and loading a patch", () => {
  it("bundles a command with its imports into one module whose hash the replica accepts", async () => {
    const bundle = await bundlePatch(patch("getJobTagged"));
    expect(bundle.hash).toBe(versionOf(bundle.code));
    expect(bundle.code).not.toMatch(/from\s+["']\.{1,2}\//); // nothing left to import relatively
    const command = await loadPatch(service, "getJob", bundle.code, bundle.hash);
    expect(command.name).toBe("getJob");
    expect(typeof command.run).toBe("function");
  });

  it(
    "refuses code whose hash differs, that does not load, that has the wrong shape or name, or " +
      "a schema that is not one",
    async () => {
      const load = (code: string, name = "getJob", hash = versionOf(code)) =>
        loadPatch(service, name, code, hash).then(
          () => "loaded",
          (e: Error) => e.message,
        );
      expect(await load("export default { name: 'getJob', async run() {} }", "getJob", "0000000000000000")).toContain(
        "content hash",
      );
      expect(await load("export default { name: 'getJob', run( {")).toContain("does not load");
      expect(await load("throw new Error('boom at import')")).toContain("boom at import");
      expect(await load("export default { name: 'getJob', handler() {} }")).toContain("run(ctx, input)");
      expect(await load("export default { name: 'createJob', async run() {} }")).toContain('not "getJob"');
      expect(await load("export default { name: 'getJob', input: { type: 'object' }, async run() {} }")).toContain(
        "TypeBox schema",
      );
      expect(await load("export default { name: 'getJob', async run(ctx, input) { return 1; } }")).toBe("loaded");
    },
  );

  it("refuses a patch that drops or adds the write or internal flag of the command it replaces", async () => {
    const load = (code: string, replaces: { name: string; write?: boolean; internal?: boolean }) =>
      loadPatch(service, replaces.name, code, versionOf(code), replaces).then(
        () => "loaded",
        (e: Error) => e.message,
      );
    const read = "export default { name: 'createJob', async run() {} }";
    expect(await load(read, { name: "createJob", write: true })).toContain("keep write: true of createJob (it has");
    const opened = "export default { name: 'creditWallet', write: true, async run() {} }";
    expect(await load(opened, { name: "creditWallet", write: true, internal: true })).toContain("keep internal: true");
    expect(await load(read.replace("name", "write: true, name"), { name: "createJob", write: true })).toBe("loaded");
  });

  it("turns an error of the bundle's own AppError class into the runtime's", async () => {
    const bundle = await bundlePatch(patch("getJobNotFound"));
    const command = await loadPatch(service, "getJob", bundle.code, bundle.hash);
    const err = (await command.run({} as never, { id: "x" } as never).catch((e) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.toWire()).toEqual({ status: 404, code: "not_found", message: "Patched: no such job" });
  });

  it("refuses a file that does not compile before anything is sent", async () => {
    await expect(bundlePatch(patch("syntaxError"))).rejects.toThrow("does not compile");
  });
});

describe("command state snapshots", () => {
  const memoryStore = () => {
    const saved = new Map<string, unknown>();
    const store: OverrideStore = {
      all: async () => saved,
      put: async (k, v) => void saved.set(k, structuredClone(v)),
      remove: async (k) => void saved.delete(k),
    };
    return { saved, store };
  };
  const replicaWith = async () => {
    const commands = new CommandMap(jobsCommands);
    await commands.loadBuiltins();
    return { service, commands } as unknown as Replica;
  };
  const versions = (r: Replica) => ({
    ...r.commands.versions().getJob,
    deleted: r.commands.deletedNames().includes("getJob"),
  });

  it("rebuilds on a new replica exactly the state the operations left: patched, rolled back, deleted", async () => {
    const bundle = await bundlePatch(patch("getJobTagged"));
    const first = await replicaWith();
    const { saved, store } = memoryStore();
    const ops = commandOps(first, store);
    const check = async () => {
      const late = await replicaWith();
      await restoreCommand(late, "getJob", saved.get("command:getJob") as CommandSnapshot);
      expect(versions(late)).toEqual(versions(first));
    };
    await ops.updateCommand({ command: "getJob", code: bundle.code, hash: bundle.hash });
    expect(versions(first)).toMatchObject({ version: bundle.hash, source: "patch" });
    await check();
    await ops.rollbackCommand({ command: "getJob" });
    expect(versions(first)).toMatchObject({ source: "builtin", previous: bundle.hash });
    await check();
    await ops.deleteCommand({ command: "getJob" });
    await check();
    await ops.addCommand({ command: "getJob" });
    await check();
    await ops.rollbackCommand({ command: "getJob" });
    await check();
  });
});

describe("operator credential", () => {
  const message = { id: "m1", service: "jobs", op: "setMaxThreads", args: { n: 3 }, issuedAt: Date.now() };
  it("accepts a message signed with the secret and refuses any change to it", () => {
    const signed = signControl("s3cret", message);
    expect(verifyControl("s3cret", "jobs", signed)).toBeNull();
    expect(verifyControl("other", "jobs", signed)).toBe("invalid operator credential");
    expect(verifyControl("s3cret", "jobs", { ...signed, op: "freeze" })).toBe("invalid operator credential");
    expect(verifyControl("s3cret", "jobs", { ...signed, args: { n: 4 } })).toBe("invalid operator credential");
    expect(verifyControl("s3cret", "jobs", signed, Date.now() + 6 * 60_000)).toBe("control message is too old");
    // Captured on one service's exchange and replayed on another's: refused, whether relabelled or not.
    expect(verifyControl("s3cret", "payments", signed)).toBe("control message for another service (jobs)");
    expect(verifyControl("s3cret", "payments", { ...signed, service: "payments" })).toBe("invalid operator credential");
  });
});

describe("cloud-init user data", () => {
  it("joins the swarm on the manager's port 2377 and refuses values that could reach the shell", () => {
    expect(swarmJoinUserData("SWMTKN-1-abc", "10.1.2.3")).toContain(
      "docker swarm join --token SWMTKN-1-abc 10.1.2.3:2377",
    );
    expect(swarmJoinUserData("SWMTKN-1-abc", "mgr.example.com:2400")).toContain("mgr.example.com:2400");
    expect(() => swarmJoinUserData("SWMTKN-1-abc $(reboot)", "10.1.2.3")).toThrow("swarm join token");
    expect(() => swarmJoinUserData("SWMTKN-1-abc", "10.1.2.3;reboot")).toThrow("swarm manager");
  });
});
