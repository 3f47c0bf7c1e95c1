// The launcher's terminal: every process's lines prefixed with its instance name (`jobs-2 | ...`), coloured on a
// terminal, and the last lines of each kept for the report when it crashes.
const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];
const tty = Boolean(process.stdout.isTTY);

export interface Output {
  /** A line from the launcher itself. */
  say(line: string): void;
  /** Copies a child's stream line by line under its name into `tail`; resolves at the end of the stream. */
  pipe(name: string, stream: ReadableStream<Uint8Array>, tail: string[]): Promise<void>;
  /** The prefix of a name (for lines written on its behalf, e.g. the autoscaler's). */
  prefix(name: string): string;
}

export function terminalOutput(
  width: number,
  write = (s: string) => void process.stdout.write(s),
  tailSize = 20,
): Output {
  const hues = new Map<string, number>();
  const prefix = (name: string) => {
    const label = `${name.padEnd(width)} |`;
    if (!tty) return label;
    const base = name.replace(/-\d+$/, ""); // replicas of one service share a colour
    if (!hues.has(base)) hues.set(base, colors[hues.size % colors.length]);
    return `\x1b[${hues.get(base)}m${label}\x1b[0m`;
  };
  const emit = (name: string, line: string, tail: string[]) => {
    tail.push(line);
    if (tail.length > tailSize) tail.shift();
    write(`${prefix(name)} ${line}\n`);
  };
  return {
    say: (line) => write(`workup: ${line}\n`),
    prefix,
    async pipe(name, stream, tail) {
      const decoder = new TextDecoder();
      let buffered = "";
      for await (const chunk of stream) {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) emit(name, line, tail);
      }
      if (buffered) emit(name, buffered, tail);
    },
  };
}
