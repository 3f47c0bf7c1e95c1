// The fault and attack summary of tests/faults and tests/security: each test counts the cases it tried and the
// ones that failed (with a few examples for the assertion message); each file prints its rows when it ends, and
// the last of these files in a run prints the whole table. Rows are also written to /tmp for CI and `make soak`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { root } from "./stack.ts";

export interface Row {
  attack: string;
  file: string;
  tried: number;
  failures: number;
  examples: string[];
}

const rows: Row[] = [];
const verbose = process.env.WORKUP_ATTACK_VERBOSE === "1"; // print every failed case, not the first eight
const filesDone = new Set<string>();
export const summaryFile = `/tmp/workup-attacks/summary-${process.pid}.json`;

/** One row of the table: `check` counts a case, and a failed one with its description. */
export class Tally {
  constructor(readonly row: Row) {}
  check(ok: boolean, what: string | (() => string)): boolean {
    this.row.tried++;
    if (!ok) {
      this.row.failures++;
      const text = typeof what === "string" ? what : what();
      if (this.row.examples.length < 8) this.row.examples.push(text);
      if (verbose) console.log(`FAILED ${this.row.attack}: ${text}`);
    }
    return ok;
  }
  /** The failed cases, for `expect(t.failed).toEqual([])`: the message then shows them. */
  get failed(): string[] {
    return this.row.failures
      ? [
          ...this.row.examples,
          ...(this.row.failures > this.row.examples.length ? [`… ${this.row.failures} in all`] : []),
        ]
      : [];
  }
}

/** Runs a test body with its row; a body that throws before counting a failure counts one. */
export async function tally(file: string, attack: string, body: (t: Tally) => Promise<void>): Promise<void> {
  const row: Row = { attack, file: basename(file), tried: 0, failures: 0, examples: [] };
  rows.push(row);
  const t = new Tally(row);
  try {
    await body(t);
  } catch (err) {
    if (!row.failures) {
      row.failures = 1;
      row.tried = Math.max(row.tried, 1);
    }
    throw err;
  } finally {
    mkdirSync("/tmp/workup-attacks", { recursive: true });
    writeFileSync(summaryFile, JSON.stringify(rows, null, 1));
  }
}

function table(list: Row[]): string {
  const head = ["fault or attack", "cases tried", "failures"];
  const body = list.map((r) => [r.attack, String(r.tried), String(r.failures)]);
  const total = [
    "total",
    String(list.reduce((n, r) => n + r.tried, 0)),
    String(list.reduce((n, r) => n + r.failures, 0)),
  ];
  const all = [head, ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) =>
    "| " + r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|";
  return [line(head), rule, ...body.map(line), line(total)].join("\n");
}

/** The test files of tests/faults and tests/security that report here. */
function reportingFiles(): string[] {
  return ["faults", "security"].flatMap((dir) =>
    readdirSync(`${root}tests/${dir}`).filter(
      (f) => f.endsWith(".test.ts") && readFileSync(`${root}tests/${dir}/${f}`, "utf8").includes("support/summary.ts"),
    ),
  );
}

/** In each file's afterAll: its own rows, and the whole table once every reporting file has run. */
export function printSummary(file: string): void {
  const name = basename(file);
  filesDone.add(name);
  const own = rows.filter((r) => r.file === name);
  if (own.length) console.log(`\n${name}: faults and attacks\n${table(own)}\n`);
  const expected = reportingFiles();
  if (expected.length > 1 && expected.every((f) => filesDone.has(f))) {
    console.log(`\nFaults and attacks, whole suite (${summaryFile})\n${table(rows)}\n`);
  }
}
