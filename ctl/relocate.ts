// Moving a module's source to another folder: every import is rewritten to resolve from the new folder to the
// same file it resolved to before (relative ones, and packages the new folder would not find).
import { isBuiltin } from "node:module";
import { relative, resolve } from "node:path";

// `from "x"`, `import "x"` and `import("x")`: every place a module specifier can appear.
const specifier = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'\n]+)\2/g;

export function relocateImports(code: string, fromDir: string, toDir: string): string {
  return code.replace(specifier, (all, lead: string, quote: string, spec: string) => {
    const moved = relocate(spec, fromDir, toDir);
    return moved === spec ? all : `${lead}${quote}${moved}${quote}`;
  });
}

const relativeTo = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel.startsWith("../") ? rel : `./${rel}`;
};

function relocate(spec: string, fromDir: string, toDir: string): string {
  if (spec.startsWith("./") || spec.startsWith("../")) return relativeTo(toDir, resolve(fromDir, spec));
  if (isBuiltin(spec) || spec.startsWith("bun:")) return spec;
  let before: string;
  try {
    before = Bun.resolveSync(spec, fromDir);
  } catch {
    return spec; // did not resolve before either: leave it for the bundler to report
  }
  try {
    if (Bun.resolveSync(spec, toDir) === before) return spec;
  } catch {
    /* not found from the new folder */
  }
  return relativeTo(toDir, before);
}
