// Images are decoded and re-encoded with sharp: resized to the group's size, EXIF-rotated, metadata stripped.
import sharp from "sharp";
import { invalid } from "./errors.ts";
import { mediaKinds, type ImageSize, type MediaKind } from "./groups.ts";

// A tiny file can declare a huge canvas; refuse to decode beyond this many pixels.
const maxInputPixels = 50_000_000;

export async function reencodeImage(input: Uint8Array, kind: MediaKind, size: ImageSize): Promise<Uint8Array> {
  const unreadable = () => invalid(`resource is not a readable ${mediaKinds[kind].mime} image`, "resource");
  const image = sharp(input, { failOn: "error", limitInputPixels: maxInputPixels });
  const meta = await image.metadata().catch(() => undefined);
  if (!meta || meta.format !== kind) throw unreadable();
  const resized = image.rotate().resize(size.width, size.height, { fit: "cover" });
  const encoded = kind === "png" ? resized.png({ compressionLevel: 9 }) : resized.jpeg({ quality: 85, mozjpeg: true });
  try {
    return new Uint8Array(await encoded.toBuffer());
  } catch {
    throw unreadable();
  }
}
