// A CPU profile (Chrome's .cpuprofile JSON, as `bun --cpu-prof` writes it) summed up by function: which functions the
// samples were in (self), which were on the stack (inclusive), and which libraries issued the socket writes.
// Samples, not the profile's time deltas: the deltas of the samples taken while the process sat idle would weigh
// timer code. Bun samples by wall time, so a thread preempted inside a write still counts there: read the writes by
// who issued them, and take the bench's CPU-per-request table as the cost.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface ProfileSummary {
  /** Samples taken while the process ran JavaScript or native code (idle and program samples left out). */
  busySamples: number;
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
  /** Socket writes by the library (node_modules package) or project file that issued them. */
  writesBy: Array<[string, number]>;
}

// Samples of a process waiting, not working (garbage collection is work: Bun shows it as the function `gc`).
const idle = /^\((idle|program)\)$/;
/** The project's own source folders, where a frame's file is shown from. */
const ownFile = /^.*\/((?:svc|gw|media|scale|ctl)\/.*)$/;

/** "name file:line", the file shortened to its package or project path. */
function label({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string {
  const file = url.replace(/^.*\/node_modules\//, "").replace(ownFile, "$1");
  return `${functionName || "(anonymous)"}${file ? ` ${file}:${lineNumber + 1}` : ""}`;
}

function issuer(node: ProfileNode): string | null {
  const { url } = node.callFrame;
  const pkg = /\/node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const own = ownFile.exec(url);
  return own ? own[1] : null;
}

const ranked = (counts: Map<string, number>, top: number) =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);

const add = (counts: Map<string, number>, key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const writesBy = new Map<string, number>();
  let busySamples = 0;
  for (const [id, n] of hits) {
    const node = byId.get(id);
    if (!node || idle.test(node.callFrame.functionName)) continue;
    busySamples += n;
    add(self, label(node), n);
    const onStack = new Set<string>(); // a recursive function counts once per sample
    let writer: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!;
      onStack.add(label(frame));
      writer ??= issuer(frame);
    }
    for (const l of onStack) add(inclusive, l, n);
    if (node.callFrame.functionName === "writeBuffered") add(writesBy, writer ?? "(unknown)", n);
  }
  return { busySamples, self: ranked(self, top), inclusive: ranked(inclusive, top), writesBy: ranked(writesBy, top) };
}

const share = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;

/** The summary as markdown, for `<process>.md` beside the profile. */
export function profileMarkdown(process: string, s: ProfileSummary): string {
  const table = (title: string, rows: Array<[string, number]>, what = "function") =>
    [`## ${title}`, "", `| share of busy samples | ${what} |`, "| ---: | --- |"]
      .concat(rows.map(([l, n]) => `| ${share(n, s.busySamples)} | \`${l}\` |`))
      .join("\n");
  return [
    `# CPU profile of ${process}: ${s.busySamples} busy samples`,
    "",
    "Bun samples by wall time: a thread preempted inside a socket write counts there. Read the writes by who issued",
    "them; the bench's CPU-per-request table is the cost.",
    "",
    table("Self (where the samples were)", s.self),
    "",
    table("Inclusive (on the stack)", s.inclusive),
    "",
    table("Socket writes (writeBuffered) by the library or file that issued them", s.writesBy, "issued by"),
    "",
  ].join("\n");
}
