// Shared arrangements for the media tests: a server on port 0 over a fresh temporary MEDIA_DIR, and real files.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { loadMediaConfig, type MediaConfig } from "../../media/config.ts";
import { createMediaServer, mediaLogger } from "../../media/server.ts";

export const uploader = { user: "uploader", password: "correct horse battery staple" };
export const mediaTestKey = "media-test-signing-key-0123456789";

export interface MediaHarness {
  base: string;
  /** The internal metrics port's base URL. */
  metricsBase: string;
  /** The temporary root; the media directory is <root>/media so tests can watch its parent. */
  root: string;
  dir: string;
  config: MediaConfig;
  stop(): Promise<void>;
}

/** `prepare` runs on the (not yet created) media directory before the server starts. */
export async function startMedia(
  env: Record<string, string> = {},
  prepare?: (dir: string) => Promise<void>,
): Promise<MediaHarness> {
  const root = await mkdtemp(join(tmpdir(), "workup-media-"));
  const dir = join(root, "media");
  await prepare?.(dir);
  const config = loadMediaConfig({
    MEDIA_DIR: dir,
    MEDIA_PORT: "0",
    MEDIA_HOST: "127.0.0.1",
    METRICS_HOST: "127.0.0.1",
    METRICS_PORT: "0",
    UPLOAD_USER: uploader.user,
    UPLOAD_PASSWORD: uploader.password,
    // These suites test serving, storing and naming in every group; privacy.test.ts tests the private groups.
    MEDIA_PRIVATE_GROUPS: "",
    MEDIA_SIGNING_KEY: mediaTestKey,
    ...env,
  });
  const server = createMediaServer(config, mediaLogger("fatal"));
  return {
    base: `http://127.0.0.1:${server.port}`,
    metricsBase: `http://127.0.0.1:${server.metricsPort}`,
    root,
    dir,
    config,
    async stop() {
      await server.stop(true);
      await rm(root, { recursive: true, force: true });
    },
  };
}

export const basic = (user: string, password: string) =>
  "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
export const goodAuth = () => basic(uploader.user, uploader.password);

/** A multipart body like the seed's curl example: `resource` (the file) and `filename` (text). */
export function uploadForm(
  bytes: Uint8Array | undefined,
  filename: string | undefined,
  clientName = "upload.bin",
  clientType = "application/octet-stream",
): FormData {
  const form = new FormData();
  if (bytes) form.append("resource", new Blob([bytes], { type: clientType }), clientName);
  if (filename !== undefined) form.append("filename", filename);
  return form;
}

/** `query`: e.g. "?replace=true". */
export function upload(
  h: MediaHarness,
  group: string,
  form: FormData,
  authorization: string | null = goodAuth(),
  query = "",
) {
  return fetch(`${h.base}/upload/${group}${query}`, {
    method: "POST",
    headers: authorization ? { authorization } : {},
    body: form,
  });
}

export const bytesOf = async (res: Response): Promise<Uint8Array> => new Uint8Array(await res.arrayBuffer());

export interface ErrorBody {
  error: { status: number; code: string; message: string; field?: string };
}
export interface UploadBody {
  success: true;
  path: string;
}
export interface StoredFileBody {
  name: string;
  path: string;
  size: number;
  mimeType: string;
  modified: string;
}
export interface GroupBody {
  success: true;
  path: string;
  mimeType: string;
  mimeTypes: string[];
  maxBytes: number;
  imageSize?: { width: number; height: number };
  files: StoredFileBody[];
}

/** The parsed JSON body, typed as the shape the test expects (the assertions check it). */
export const jsonOf = async <T>(res: Response): Promise<T> => (await res.json()) as T;

export async function pngImage(width: number, height: number, color = "#3366cc"): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 4, background: color } })
      .png()
      .toBuffer(),
  );
}

export async function jpegImage(width: number, height: number, color = "#cc6633"): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: color } })
      .jpeg()
      .toBuffer(),
  );
}

/** A small but complete PDF; `padding` bytes of comment make files of different sizes. */
export function pdfDocument(label: string, padding = 0): Uint8Array {
  const text = `BT /F1 12 Tf 72 720 Td (${label}) Tj ET`;
  return new TextEncoder().encode(
    `%PDF-1.4\n%${"x".repeat(padding)}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n` +
      "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
      `3 0 obj\n<< /Length ${text.length} >>\nstream\n${text}\nendstream\nendobj\n` +
      `trailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
}
