// The README's curl walk-through, run as written (bash, curl, jq) against a stack of its own: registration to
// withdrawal. Each `# -> ...` line in the block is what the command before it prints; the run must print exactly
// those lines, in that order, and exit 0.
import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { useStack } from "../support/useStack.ts";
import { root } from "../support/stack.ts";

const { stack } = useStack({ inProcess: true, services: ["users", "jobs", "contracts", "payments"] });

/** The shell block between the README's walk-through markers. */
async function walkThrough(): Promise<string> {
  const readme = await Bun.file(join(root, "README.md")).text();
  const section = /<!-- walk-through: start -->\n```sh\n([\s\S]*?)```\n<!-- walk-through: end -->/.exec(readme);
  if (!section) throw new Error("README.md has no walk-through block between its markers");
  return section[1];
}

describe("the README's curl walk-through", () => {
  it("runs as written, from registration to withdrawal, printing what its comments say", async () => {
    const script = await walkThrough();
    const expected = script
      .split("\n")
      .filter((line) => line.startsWith("# -> "))
      .map((line) => line.slice(5));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const run = Bun.spawn(["bash", "-euo", "pipefail", "-c", script], {
      env: { ...process.env, GW: stack.url },
      stdout: "pipe",
      stderr: "pipe",
    });
    const timer = setTimeout(() => run.kill(), 60_000);
    const [out, err, code] = await Promise.all([
      new Response(run.stdout).text(),
      new Response(run.stderr).text(),
      run.exited,
    ]);
    clearTimeout(timer);
    expect({ code, err: err.trim() }).toEqual({ code: 0, err: "" });
    expect(out.trim().split("\n")).toEqual(expected);
  }, 90_000);
});
