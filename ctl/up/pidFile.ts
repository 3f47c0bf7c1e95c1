// The running launcher of a namespace: .run/up-<namespace>.pid holds its pid, for `make down` and to refuse a
// second `make up` in the same namespace. The launcher removes it when it stops.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

export const pidFileOf = (namespace: string) => `${root}.run/up-${namespace}.pid`;

/** The pid of the namespace's launcher if it still runs. */
export function runningLauncher(namespace: string): number | null {
  const file = pidFileOf(namespace);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

export function writePidFile(namespace: string): void {
  const file = pidFileOf(namespace);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
}

export const removePidFile = (namespace: string) => rmSync(pidFileOf(namespace), { force: true });

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
