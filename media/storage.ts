// The media directory on disk: one folder per group, files written atomically, names checked twice.
import { mkdirSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { link, open, readdir, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { Stats } from "node:fs";
import { mediaKinds, type GroupSpec, type MediaKind } from "./groups.ts";
import { safeNamePattern } from "./safeName.ts";

const tempPrefix = ".upload-";
const staleTempMs = 60 * 60 * 1000;

export interface StoredFile {
  name: string;
  kind: MediaKind;
  size: number;
  modified: Date;
}

export interface Storage {
  /** Absolute path of <group>/<name>.<ext>; throws if the result would leave the group folder. */
  pathOf(group: GroupSpec, name: string, kind: MediaKind): string;
  /**
   * Write to a hidden temp file in the same folder, flush, then put it in place in one step: `replace` renames over
   * an existing file; otherwise it is linked in only if no file has the name (null when one has: nothing changed).
   */
  writeAtomically(
    group: GroupSpec,
    name: string,
    kind: MediaKind,
    bytes: Uint8Array,
    replace?: boolean,
  ): Promise<string | null>;
  list(group: GroupSpec): Promise<StoredFile[]>;
}

/**
 * Create the group folders and drop temp files that a crash left behind (old ones only: replicas may share the volume).
 */
export function prepareMediaDir(dir: string, groups: readonly GroupSpec[]): string[] {
  const removed: string[] = [];
  for (const g of groups) {
    const folder = join(dir, g.name);
    mkdirSync(folder, { recursive: true });
    for (const entry of readdirSync(folder)) {
      if (!entry.startsWith(tempPrefix)) continue;
      const path = join(folder, entry);
      try {
        if (Date.now() - statSync(path).mtimeMs <= staleTempMs) continue;
        unlinkSync(path);
        removed.push(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // renamed by its writer meanwhile
      }
    }
  }
  return removed;
}

export function createStorage(dir: string): Storage {
  const root = resolve(dir);
  const pathOf = (group: GroupSpec, name: string, kind: MediaKind) => {
    if (!safeNamePattern.test(name)) throw new Error(`unsafe name reached storage: ${JSON.stringify(name)}`);
    const folder = join(root, group.name);
    const path = resolve(folder, `${name}.${mediaKinds[kind].ext}`);
    if (!path.startsWith(folder + sep)) throw new Error(`path escapes the media directory: ${path}`);
    return path;
  };

  return {
    pathOf,
    async writeAtomically(group, name, kind, bytes, replace = false) {
      const target = pathOf(group, name, kind);
      const temp = join(root, group.name, `${tempPrefix}${crypto.randomUUID()}.tmp`);
      let fh: FileHandle | undefined;
      try {
        fh = await open(temp, "wx", 0o644);
        await fh.writeFile(bytes);
        await fh.sync();
        await fh.close();
        fh = undefined;
        if (replace) {
          await rename(temp, target);
          return target;
        }
        const placed = await link(temp, target).then(
          () => true,
          (err: NodeJS.ErrnoException) => (err.code === "EEXIST" ? false : Promise.reject(err)),
        );
        await unlink(temp);
        return placed ? target : null;
      } catch (err) {
        await fh?.close().catch(() => {});
        await unlink(temp).catch(() => {});
        throw err;
      }
    },
    async list(group) {
      const folder = join(root, group.name);
      const files: StoredFile[] = [];
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const dot = entry.name.lastIndexOf(".");
        if (!entry.isFile() || dot < 1) continue;
        const name = entry.name.slice(0, dot);
        const kind = group.kinds.find((k) => mediaKinds[k].ext === entry.name.slice(dot + 1));
        if (!kind || !safeNamePattern.test(name)) continue;
        const st = await stat(join(folder, entry.name)).catch(() => undefined);
        if (st) files.push({ name: entry.name, kind, size: st.size, modified: st.mtime });
      }
      return files.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export interface OpenedFile {
  fh: FileHandle;
  stats: Stats;
}

/** Open then fstat, so headers and body describe the same file even if an upload replaces it meanwhile. */
export async function openExisting(path: string): Promise<OpenedFile | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const stats = await fh.stat();
  if (stats.isFile()) return { fh, stats };
  await fh.close();
  return undefined;
}
