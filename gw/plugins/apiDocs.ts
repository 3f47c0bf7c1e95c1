// The API's description: /openapi.json (built from the route table, gw/openapi/) and /docs, Swagger UI served from
// the pinned swagger-ui-dist package with this gateway's page. The page loads nothing from elsewhere: its
// Content-Security-Policy allows only this origin (the stylesheet's `data:` icons are served as files).
import { Elysia } from "elysia";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Route } from "../routes/route.ts";
import { openApiDocument, type DocumentInfo } from "../openapi/document.ts";
import { selfHostedImages } from "../docs/selfHosted.ts";

const uiDir = dirname(require.resolve("swagger-ui-dist/package.json"));
const pageDir = join(import.meta.dir, "..", "docs");
const uiAssets = ["swagger-ui-bundle.js", "favicon-32x32.png"];
const imagesPath = "/docs/assets/images/";
const contentTypes: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  png: "image/png",
  html: "text/html; charset=utf-8",
};
export const docsPolicy =
  "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const answer = (body: Blob | string | Uint8Array, type: string) => () =>
  new Response(body, {
    headers: { "content-type": type, "content-security-policy": docsPolicy, "cache-control": "public, max-age=300" },
  });
const fileAnswer = (path: string) => answer(Bun.file(path), contentTypes[path.split(".").pop()!]);

export function apiDocs(routes: Route[], info: DocumentInfo) {
  const document = JSON.stringify(openApiDocument(routes, info));
  const app = new Elysia({ name: "workup-api-docs" })
    .get("/openapi.json", () => new Response(document, { headers: { "content-type": "application/json" } }))
    .get("/docs", fileAnswer(join(pageDir, "index.html")))
    .get("/docs/docs.js", fileAnswer(join(pageDir, "docs.js")))
    .get("/docs/docs.css", fileAnswer(join(pageDir, "docs.css")));
  for (const asset of uiAssets) app.get(`/docs/assets/${asset}`, fileAnswer(join(uiDir, asset)));
  const styles = selfHostedImages(readFileSync(join(uiDir, "swagger-ui.css"), "utf8"), imagesPath);
  app.get("/docs/assets/swagger-ui.css", answer(styles.css, contentTypes.css));
  for (const [name, image] of styles.images) app.get(`${imagesPath}${name}`, answer(image.bytes, image.type));
  return app;
}
