// Read a multipart body without ever holding more than the group's limit (plus room for the form's own headers).
import { invalid, tooLarge } from "./errors.ts";

/** Part headers, boundaries and the filename field fit in this easily; the file itself is checked exactly later. */
export const multipartOverheadBytes = 64 * 1024;

export async function readMultipart(req: Request, maxFileBytes: number) {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) {
    throw invalid("Upload must be multipart/form-data with fields 'resource' and 'filename'");
  }
  const cap = maxFileBytes + multipartOverheadBytes;
  const tooBig = () => tooLarge(`Upload exceeds the ${maxFileBytes}-byte limit of this group`, "resource");
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > cap) throw tooBig(); // refuse before reading anything

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => {});
        throw tooBig();
      }
      chunks.push(value);
    }
  }
  try {
    return await new Response(new Blob(chunks), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw invalid("Malformed multipart/form-data body");
  }
}
