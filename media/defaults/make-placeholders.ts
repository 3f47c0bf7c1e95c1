// Regenerates the committed placeholders: `bun media/defaults/make-placeholders.ts`. Run once; the outputs are in git.
import sharp from "sharp";
import { join } from "node:path";

const here = import.meta.dir;

// A neutral grey card with a person silhouette (photos) or a rounded square (icons).
const personSvg = (
  size: number,
) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="#e2e5e9"/>
  <circle cx="50" cy="38" r="18" fill="#a9b0b8"/>
  <path d="M14 100 C14 72 32 62 50 62 C68 62 86 72 86 100 Z" fill="#a9b0b8"/></svg>`;
const iconSvg = (
  size: number,
) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect x="8" y="8" width="84" height="84" rx="18" fill="#c3c8ce"/>
  <circle cx="50" cy="50" r="16" fill="#eef0f2"/></svg>`;

/** A one-page PDF 1.4 saying the document is not available, with a correct cross-reference table. */
function placeholderPdf(): Uint8Array {
  const text = "BT /F1 18 Tf 72 720 Td (No document has been uploaded yet.) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

await sharp(Buffer.from(iconSvg(64)))
  .png({ compressionLevel: 9, palette: true })
  .toFile(join(here, "icon.png"));
await sharp(Buffer.from(personSvg(512)))
  .png({ compressionLevel: 9, palette: true })
  .toFile(join(here, "photo.png"));
await sharp(Buffer.from(personSvg(512)))
  .flatten({ background: "#e2e5e9" })
  .jpeg({ quality: 80 })
  .toFile(join(here, "photo.jpg"));
await Bun.write(join(here, "document.pdf"), placeholderPdf());
console.log("placeholders written to", here);
