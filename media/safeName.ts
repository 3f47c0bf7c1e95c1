// Client-supplied names become flat, lower-case, visible file names: no separators, no dots, nothing hidden.
export const maxNameLength = 100;

/** What a stored name looks like; anything else can never exist in a group folder. */
export const safeNamePattern = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/**
 * "  My Résumé (v2).PDF" -> "my_resume_v2"; "../../etc/passwd" -> "etc_passwd"; ".env" -> "env".
 * Returns undefined when nothing usable is left.
 */
export function safeName(raw: string, droppableExtensions: readonly string[] = []): string | undefined {
  let name = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toLowerCase();
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  if (ext && droppableExtensions.includes(ext)) name = name.slice(0, -(ext.length + 1));
  name = name
    .replace(/[^a-z0-9_-]+/g, "_") // separators, dots, spaces, controls, everything else
    .replace(/_{2,}/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "")
    .slice(0, maxNameLength)
    .replace(/[_-]+$/g, "");
  return safeNamePattern.test(name) ? name : undefined;
}
