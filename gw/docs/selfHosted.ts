// Swagger UI's stylesheet draws its icons from `data:` URLs. So that the docs page's Content-Security-Policy can allow
// only this origin, each one becomes a file the gateway serves: the stylesheet is rewritten to point at them.

export interface Image {
  type: string;
  bytes: Uint8Array;
}

// url("data:<type>[;charset=…][;base64],<data>") with CSS escapes inside the quotes, or url(data:…) unquoted.
const dataUrl = /url\((?:"data:([^;,"]+)((?:;[^;,"]+)*),((?:\\.|[^"\\])*)"|data:([^;,)]+)((?:;[^;,)]+)*),([^)]*))\)/g;
const extensions: Record<string, string> = { "image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg" };

function decode(params: string, data: string): Uint8Array {
  if (params.split(";").includes("base64")) return Buffer.from(data, "base64");
  const text = data.replace(/\\(.)/g, "$1"); // CSS escapes (\" in the quoted form)
  return new TextEncoder().encode(decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, "%25")));
}

/** The stylesheet with each `data:` image replaced by `${prefix}<n>.<ext>`, and those images by file name. */
export function selfHostedImages(css: string, prefix: string): { css: string; images: Map<string, Image> } {
  const images = new Map<string, Image>();
  const rewritten = css.replace(dataUrl, (_all, qType, qParams, qData, uType, uParams, uData) => {
    const type = (qType ?? uType) as string;
    const name = `${images.size + 1}.${extensions[type] ?? "bin"}`;
    images.set(name, { type, bytes: decode(qParams ?? uParams, qData ?? uData) });
    return `url("${prefix}${name}")`;
  });
  return { css: rewritten, images };
}
