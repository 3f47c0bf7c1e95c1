// The live progress line on stderr: rewritten in place on a terminal, one line every few seconds otherwise.
const tty = process.stderr.isTTY;
const t0 = performance.now();
const elapsed = () =>
  `[${Math.round((performance.now() - t0) / 1000)
    .toString()
    .padStart(3)} s] `;
let last = 0;
let shown = false;

export const progress = {
  show(text: string) {
    if (tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    } else if (Date.now() - last > 5000) {
      process.stderr.write(text + "\n");
      last = Date.now();
    }
  },
  clear() {
    if (tty && shown) process.stderr.write("\r\x1b[2K");
    shown = false;
  },
  /** A line that stays. */
  note(text: string) {
    this.clear();
    process.stderr.write(elapsed() + text + "\n");
  },
};
