// POST /upload/<group>: Basic auth, multipart `resource` + `filename`, type from magic bytes, atomic write; an
// existing name is 409 unless `?replace=true`.
import { invalid, MediaError, tooLarge } from "../errors.ts";
import { mediaKinds, mimeTypesOf } from "../groups.ts";
import { hasPdfTrailer, sniff } from "../magic.ts";
import { readMultipart } from "../multipart.ts";
import { reencodeImage } from "../reencode.ts";
import { json } from "../respond.ts";
import { safeName } from "../safeName.ts";
import { findGroup, type Handler } from "./context.ts";

const ownerPrefix = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-./;

export const upload: Handler = async (req, params, ctx) => {
  ctx.requireUploader(req, ctx.client);
  const group = findGroup(ctx, params.group);
  const form = await readMultipart(req, group.maxBytes);

  const resource = form.get("resource");
  if (resource === null) throw invalid("must include 'resource' (the file) in the multipart body", "resource");
  if (typeof resource === "string") throw invalid("'resource' must be a file part, not a text field", "resource");
  const filename = form.get("filename");
  if (typeof filename !== "string" || filename.trim() === "") {
    throw invalid("must include 'filename' (a text field) in the multipart body", "filename");
  }
  if (resource.size > group.maxBytes)
    throw tooLarge(`resource is ${resource.size} bytes; ${group.name} accepts at most ${group.maxBytes}`, "resource");
  if (resource.size === 0) throw invalid("resource is empty", "resource");

  const bytes = new Uint8Array(await resource.arrayBuffer());
  const sniffed = sniff(bytes.subarray(0, 16));
  const accepted = mimeTypesOf(group).join(" or ");
  if (!sniffed) throw invalid(`resource is not a recognised file type; ${group.name} accepts ${accepted}`, "resource");
  const kind = sniffed.kind && group.kinds.includes(sniffed.kind) ? sniffed.kind : undefined;
  if (!kind) throw invalid(`resource is ${sniffed.mime}; ${group.name} accepts ${accepted}`, "resource");

  const name = safeName(
    filename,
    group.kinds.flatMap((k) => [mediaKinds[k].ext, k]),
  );
  if (!name) throw invalid("filename has no usable characters (letters, digits, '-' and '_' are kept)", "filename");
  if (group.private && !ownerPrefix.test(name))
    throw invalid(`${group.name} is private: filename must start with the owner's user id and '-'`, "filename");

  let stored: Uint8Array = bytes;
  if (group.imageSize) stored = await reencodeImage(bytes, kind, group.imageSize);
  else if (kind === "pdf" && !hasPdfTrailer(bytes))
    throw invalid("resource is an incomplete PDF (no %%EOF marker)", "resource");

  const path = `/static/${group.name}/${name}.${mediaKinds[kind].ext}`;
  // An existing file is replaced only when the uploader asks for it (?replace=true), never silently.
  const replace = new URL(req.url).searchParams.get("replace") === "true";
  if (!(await ctx.storage.writeAtomically(group, name, kind, stored, replace)))
    throw new MediaError("conflict", `${path} already exists; upload with ?replace=true to replace it`, "filename");
  ctx.metrics.countUpload(group.name, stored.byteLength);
  ctx.log.info("stored upload", {
    group: group.name,
    path,
    receivedBytes: bytes.byteLength,
    storedBytes: stored.byteLength,
  });
  return json({ success: true, path }, 201, { location: path });
};
