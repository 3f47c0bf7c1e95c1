// A unified diff of two texts by lines, as `diff -u` prints it: Myers' O(ND) shortest edit script over what is
// left once the common first and last lines are set aside (a patch usually changes a few lines of a long bundle).
type Edit = { op: " " | "-" | "+"; line: string };

const linesOf = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

export function diffLines(a: string[], b: string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const same = (line: string): Edit => ({ op: " ", line });
  const middle = shortestEdit(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  return [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)];
}

function shortestEdit(a: string[], b: string[]): Edit[] {
  const n = a.length,
    m = b.length,
    max = n + m,
    offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break search;
    }
  }
  const edits: Edit[] = [];
  let x = n,
    y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const before = trace[d],
      k = x - y;
    const down = k === -d || (k !== d && before[offset + k - 1] < before[offset + k + 1]);
    const prevX = d === 0 ? 0 : before[offset + (down ? k + 1 : k - 1)];
    const prevY = d === 0 ? 0 : prevX - (down ? k + 1 : k - 1);
    while (x > prevX && y > prevY) edits.push({ op: " ", line: a[--x] }), y--;
    if (d > 0) edits.push(down ? { op: "+", line: b[--y] } : { op: "-", line: a[--x] });
  }
  return edits.reverse();
}

// As diff -u writes a hunk's range: "start,count", "start" alone for one line, the line before for none.
const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count ? start : start - 1},${count}`);

/** `diff -u` output ("" for equal texts): headers, then hunks with `context` unchanged lines around changes. */
export function unifiedDiff(a: string, b: string, labelA: string, labelB: string, context = 3): string {
  const edits = diffLines(linesOf(a), linesOf(b));
  const changed = edits.flatMap((e, i) => (e.op === " " ? [] : [i]));
  if (!changed.length) return "";
  const out = [`--- ${labelA}`, `+++ ${labelB}`];
  // Line numbers (1-based) in a and b where each edit starts.
  const at: Array<[number, number]> = [];
  let la = 1,
    lb = 1;
  for (const e of edits) {
    at.push([la, lb]);
    if (e.op !== "+") la++;
    if (e.op !== "-") lb++;
  }
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * context) j++;
    const from = Math.max(0, changed[i] - context),
      to = Math.min(edits.length, changed[j] + context + 1);
    const hunk = edits.slice(from, to);
    const countA = hunk.filter((e) => e.op !== "+").length,
      countB = hunk.filter((e) => e.op !== "-").length;
    const [startA, startB] = at[from];
    out.push(`@@ -${range(startA, countA)} +${range(startB, countB)} @@`);
    for (const e of hunk) out.push(e.op + e.line);
    i = j + 1;
  }
  return out.join("\n") + "\n";
}
