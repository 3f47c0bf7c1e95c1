// The command map: the built-in modules of a folder, and the controller's swaps (replace, roll back, delete, add back).
import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandMap, toCommand } from "../../svc/runtime/commandMap.ts";

const dir = mkdtempSync(join(tmpdir(), "workup-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "getThing.ts"), `export default { name: "getThing", run: async () => "built-in" };\n`);
writeFileSync(join(dir, "putThing.ts"), `export default { name: "putThing", write: true, run: async () => "put" };\n`);

const patch = (text: string) => ({ name: "getThing", run: async () => text });

describe("CommandMap", () => {
  it("loads one command per file, named like the file, each with a version hash", async () => {
    const map = new CommandMap(dir);
    await map.loadBuiltins();
    expect(map.names()).toEqual(["getThing", "putThing"]);
    expect(map.versions().getThing).toMatchObject({
      source: "builtin",
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(await map.get("getThing")!.module.run({} as never, {})).toBe("built-in");
  });

  it("replaces a command, keeps the previous version for a rollback, and rolls forward again", async () => {
    const map = new CommandMap(dir);
    await map.loadBuiltins();
    const builtin = map.get("getThing")!.version;
    map.replace(patch("v2"), "v2");
    expect(map.versions().getThing).toEqual({ version: "v2", source: "patch", previous: builtin });
    expect(map.rollback("getThing").version).toBe(builtin);
    expect(map.rollback("getThing").version).toBe("v2");
  });

  it("deletes a command (still known, not served) and adds back the version it had", async () => {
    const map = new CommandMap(dir);
    await map.loadBuiltins();
    map.replace(patch("v2"), "v2");
    map.delete("getThing");
    expect(map.get("getThing")).toBeUndefined();
    expect(map.knows("getThing")).toBe(true);
    expect(map.deletedNames()).toEqual(["getThing"]);
    expect(map.addBack("getThing").version).toBe("v2");
    map.reset("getThing");
    expect(map.get("getThing")!.source).toBe("builtin");
  });

  it("refuses modules that are not commands", () => {
    expect(() => toCommand({ default: { name: "x" } })).toThrow("run(ctx, input)");
    expect(() => toCommand({ default: { name: "x", run: async () => 1 } }, "y")).toThrow('not "y"');
    expect(() =>
      toCommand({ default: { run: async (_a: unknown, _b: unknown, _c: unknown, _d: unknown) => 1 } }, "y"),
    ).toThrow();
  });
});
