// The pieces of `bun ctl diff` and `scaffold` that need no stack: the line diff and moving a module's imports.
import { describe, expect, it } from "bun:test";
import { join, relative } from "node:path";
import { diffLines, unifiedDiff } from "../../ctl/lineDiff.ts";
import { relocateImports } from "../../ctl/relocate.ts";
import { root } from "../support/stack.ts";

describe("unified line diff", () => {
  it("prints nothing for equal texts and diff -u hunks with three lines of context otherwise", () => {
    const a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    expect(unifiedDiff(a, a, "x", "y")).toBe("");
    expect(unifiedDiff(a, a.replace("b\n", "B\n").replace("j\n", "j\nk\n"), "old", "new")).toBe(
      [
        "--- old",
        "+++ new",
        "@@ -1,5 +1,5 @@",
        " a",
        "-b",
        "+B",
        " c",
        " d",
        " e",
        "@@ -8,3 +8,4 @@",
        " h",
        " i",
        " j",
        "+k",
        "",
      ].join("\n"),
    );
    expect(unifiedDiff("", "x\n", "old", "new")).toBe("--- old\n+++ new\n@@ -0,0 +1 @@\n+x\n");
  });

  it("finds a shortest edit that turns one text into the other", () => {
    const lcs = (a: string[], b: string[]) => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
          t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
        }
      }
      return t[0][0];
    };
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: random(25) }, () => `l${random(4)}`);
      const b = Array.from({ length: random(25) }, () => `l${random(4)}`);
      const edits = diffLines(a, b);
      expect(edits.filter((e) => e.op !== "+").map((e) => e.line)).toEqual(a);
      expect(edits.filter((e) => e.op !== "-").map((e) => e.line)).toEqual(b);
      expect(edits.filter((e) => e.op === " ").length).toBe(lcs(a, b));
    }
  });
});

describe("moving a module's imports", () => {
  const from = join(root, "svc/jobs/commands");
  const code = [
    'import { cachedJob, command } from "../command.ts";',
    "import type { Sql } from 'postgres';",
    'import { readFileSync } from "node:fs";',
    'export * from "./getJob.ts";',
    'const later = () => import("../../runtime/errors.ts");',
  ].join("\n");

  it("rewrites relative imports to the same files from the new folder, and packages the new folder cannot find", () => {
    const moved = relocateImports(code, from, "/tmp/elsewhere/patches");
    const up = `${relative("/tmp/elsewhere/patches", root)}/`; // wherever the checkout is, /tmp included
    expect(moved.split("\n")).toEqual([
      `import { cachedJob, command } from "${up}svc/jobs/command.ts";`,
      `import type { Sql } from '${up}${Bun.resolveSync("postgres", from).slice(root.length)}';`,
      'import { readFileSync } from "node:fs";',
      `export * from "${up}svc/jobs/commands/getJob.ts";`,
      `const later = () => import("${up}svc/runtime/errors.ts");`,
    ]);
  });

  it("leaves a package alone where the new folder finds the same one", () => {
    const moved = relocateImports(code, from, root);
    expect(moved.split("\n").slice(0, 4)).toEqual([
      'import { cachedJob, command } from "./svc/jobs/command.ts";',
      "import type { Sql } from 'postgres';",
      'import { readFileSync } from "node:fs";',
      'export * from "./svc/jobs/commands/getJob.ts";',
    ]);
  });
});
