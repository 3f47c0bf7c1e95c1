// The one table of resource groups: what each accepts, how it is stored, its placeholder and its defaults.
// Limits and image sizes can be overridden from the environment (see config.ts).

/** The file kinds the server knows how to recognise and serve. */
export const mediaKinds = {
  png: { mime: "image/png", ext: "png", image: true },
  jpeg: { mime: "image/jpeg", ext: "jpg", image: true },
  pdf: { mime: "application/pdf", ext: "pdf", image: false },
} as const;

export type MediaKind = keyof typeof mediaKinds;

export interface ImageSize {
  width: number;
  height: number;
}

export interface GroupSpec {
  name: string;
  /** Accepted on upload and served under /static/<group>/<name>.<ext>; an upload keeps its detected kind. */
  kinds: MediaKind[];
  /** File in media/defaults/ served when a requested file does not exist, one per kind. */
  placeholders: Partial<Record<MediaKind, string>>;
  maxBytes: number;
  /** Images are re-encoded to exactly this size (cover crop); absent for documents. */
  imageSize?: ImageSize;
  /**
   * Private: downloads need a signed link (svc/runtime/mediaSignature.ts) and listing needs the upload credentials;
   * file names start with the owner's user id (`<uuid>-...`), the one the API signs links for.
   * MEDIA_PRIVATE_GROUPS names them (default: defaultPrivateGroups).
   */
  private?: boolean;
}

export const defaultPrivateGroups = "resume,attachments";

const MiB = 1024 * 1024;

export const groupTable: readonly GroupSpec[] = [
  {
    name: "icons",
    kinds: ["png"],
    placeholders: { png: "icon.png" },
    maxBytes: 1 * MiB,
    imageSize: { width: 64, height: 64 },
  },
  {
    name: "photos",
    kinds: ["jpeg", "png"],
    placeholders: { jpeg: "photo.jpg", png: "photo.png" },
    maxBytes: 10 * MiB,
    imageSize: { width: 512, height: 512 },
  },
  { name: "resume", kinds: ["pdf"], placeholders: { pdf: "document.pdf" }, maxBytes: 10 * MiB },
  { name: "attachments", kinds: ["pdf"], placeholders: { pdf: "document.pdf" }, maxBytes: 25 * MiB },
];

/** The kind a URL extension refers to within a group (".jpeg" is accepted as an alias of ".jpg"). */
export function kindForExtension(group: GroupSpec, ext: string): MediaKind | undefined {
  const wanted = ext.toLowerCase() === "jpeg" ? "jpg" : ext.toLowerCase();
  return group.kinds.find((k) => mediaKinds[k].ext === wanted);
}

export const mimeTypesOf = (group: GroupSpec): string[] => group.kinds.map((k) => mediaKinds[k].mime);
