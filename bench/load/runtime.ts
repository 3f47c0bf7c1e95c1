// Which runtime drives the load. Node's HTTP client pushes autocannon ~1.7x further than Bun's on this
// machine (42k vs 25k req/s against the bare ping), so the generator is bundled for Node when Node exists.
import { mkdirSync } from "node:fs";
import { env } from "../../svc/runtime/config.ts";

const entry = new URL("./loadgen.ts", import.meta.url).pathname;
const buildDir = new URL("../.build/", import.meta.url).pathname;
let chosen: Promise<{ argv: string[]; runtime: string }> | null = null;

async function nodeVersion(): Promise<string | null> {
  const node = Bun.which("node");
  if (!node) return null;
  const out = Bun.spawnSync([node, "--version"]).stdout.toString().trim();
  return Number(out.slice(1).split(".")[0]) >= 18 ? out : null;
}

async function choose(): Promise<{ argv: string[]; runtime: string }> {
  const wanted = env("BENCH_LOADGEN", "node");
  const version = wanted === "node" ? await nodeVersion() : null;
  if (!version) return { argv: [process.execPath, entry], runtime: `bun ${Bun.version}` };
  mkdirSync(buildDir, { recursive: true });
  // autocannon stays external: Node loads it from node_modules next to the bundle's folder.
  const out = await Bun.build({
    entrypoints: [entry],
    target: "node",
    format: "esm",
    outdir: buildDir,
    naming: "loadgen.mjs",
    external: ["autocannon"],
  });
  if (!out.success) throw new Error(`could not bundle the load generator: ${out.logs.join("\n")}`);
  return { argv: [Bun.which("node")!, `${buildDir}loadgen.mjs`], runtime: `node ${version}` };
}

/** The command that starts the load generator (built once per bench run). */
export const loadgenCommand = () => (chosen ??= choose());
