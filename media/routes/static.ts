// GET|HEAD /static/<group>/<name>.<ext>: the stored file, else the group's placeholder, with validators and ranges.
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { invalid, MediaError, notFound } from "../errors.ts";
import { kindForExtension, mediaKinds } from "../groups.ts";
import { decideRange, etagOf, isNotModified } from "../httpCache.ts";
import { safeNamePattern } from "../safeName.ts";
import { openExisting, type OpenedFile } from "../storage.ts";
import { findGroup, type Handler, type RouteContext } from "./context.ts";
import { checkMediaSignature } from "../../svc/runtime/mediaSignature.ts";

// Small bodies are read whole (exact Content-Length); larger ones stream from the open descriptor in bounded memory.
const bufferedBodyLimit = 4 * 1024 * 1024;

async function readSpan(fh: FileHandle, start: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await fh.read(buf, filled, length - filled, start + filled);
    if (bytesRead === 0) break; // cannot happen for an fstat'ed, never-rewritten file; keep the loop finite anyway
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

/** The stream owns the descriptor from here on and closes it when it ends or the client goes away. */
function streamSpan(fh: FileHandle, start: number, end: number): ReadableStream {
  const nodeStream = fh.createReadStream({ start, end, autoClose: true, highWaterMark: 256 * 1024 });
  return Readable.toWeb(nodeStream) as ReadableStream;
}

/** A private file (or its placeholder) only with a link the API signed, unaltered and not expired: 403 otherwise. */
function requireSignedLink(req: Request, ctx: RouteContext) {
  const url = new URL(req.url);
  const check = checkMediaSignature(ctx.config.signingKey, url.pathname, url.searchParams, Date.now() / 1000);
  if (check === "valid") return;
  const why = {
    missing: "needs a signed link from the API",
    expired: "was requested with an expired link",
    altered: "was requested with an altered link",
  }[check];
  throw new MediaError("forbidden", `This private file ${why}`);
}

export const serveStatic: Handler = async (req, params, ctx) => {
  const group = findGroup(ctx, params.group);
  const dot = params.file.lastIndexOf(".");
  const kind = dot > 0 ? kindForExtension(group, params.file.slice(dot + 1)) : undefined;
  const extensions = group.kinds.map((k) => "." + mediaKinds[k].ext).join(" or ");
  if (!kind) throw notFound(`${group.name} serves ${extensions} files`);
  const name = params.file.slice(0, dot).toLowerCase();
  if (!safeNamePattern.test(name)) throw invalid(`"${params.file}" is not a valid file name`, "name");
  if (group.private) requireSignedLink(req, ctx);

  let file: OpenedFile | undefined = await openExisting(ctx.storage.pathOf(group, name, kind));
  const placeholder = file === undefined;
  file ??= await openExisting(join(ctx.config.defaultsDir, group.placeholders[kind] ?? ""));
  if (!file) throw new MediaError("internal", `Placeholder for ${group.name} .${mediaKinds[kind].ext} is missing`);

  const { fh, stats } = file;
  let handedOver = false;
  try {
    const etag = etagOf(stats);
    const headers: Record<string, string> = {
      "content-type": mediaKinds[kind].mime,
      etag,
      "last-modified": stats.mtime.toUTCString(),
      // A placeholder may be replaced by an upload at any time, so clients must revalidate it.
      "cache-control": group.private
        ? "private, no-cache" // the link expires: never kept by a shared cache
        : placeholder
          ? "no-cache"
          : `public, max-age=${ctx.config.cacheSeconds}`,
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
      ...(placeholder ? { "x-media-placeholder": "true" } : {}),
    };
    if (isNotModified(req, etag, stats.mtime)) return new Response(null, { status: 304, headers });

    const range = decideRange(req, stats.size, etag, stats.mtime);
    if (range.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${stats.size}` } });
    }
    const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, stats.size - 1];
    const length = end - start + 1;
    const status = range.kind === "partial" ? 206 : 200;
    if (status === 206) headers["content-range"] = `bytes ${start}-${end}/${stats.size}`;
    headers["content-length"] = String(length);
    if (req.method === "HEAD") return new Response(null, { status, headers });
    if (length <= bufferedBodyLimit) return new Response(await readSpan(fh, start, length), { status, headers });
    handedOver = true;
    return new Response(streamSpan(fh, start, end), { status, headers });
  } finally {
    if (!handedOver) await fh.close();
  }
};
