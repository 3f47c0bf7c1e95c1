// The API's description: /openapi.json (built from the route table, gw/openapi/) and /docs, Swagger UI served from
// the pinned swagger-ui-dist package with this gateway's page. The page loads nothing from elsewhere: its
// Content-Security-Policy allows only this origin.
import { Elysia } from "elysia";
import { dirname, join } from "node:path";
import type { Route } from "../routes/route.ts";
import { openApiDocument, type DocumentInfo } from "../openapi/document.ts";

const uiDir = dirname(require.resolve("swagger-ui-dist/package.json"));
const pageDir = join(import.meta.dir, "..", "docs");
const uiAssets = ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"];
const contentTypes: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  png: "image/png",
  html: "text/html; charset=utf-8",
};
export const docsPolicy =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

const fileAnswer = (path: string) => {
  const file = Bun.file(path);
  const type = contentTypes[path.split(".").pop()!];
  return () =>
    new Response(file, {
      headers: { "content-type": type, "content-security-policy": docsPolicy, "cache-control": "public, max-age=300" },
    });
};

export function apiDocs(routes: Route[], info: DocumentInfo) {
  const document = JSON.stringify(openApiDocument(routes, info));
  const app = new Elysia({ name: "workup-api-docs" })
    .get("/openapi.json", () => new Response(document, { headers: { "content-type": "application/json" } }))
    .get("/docs", fileAnswer(join(pageDir, "index.html")))
    .get("/docs/docs.js", fileAnswer(join(pageDir, "docs.js")))
    .get("/docs/docs.css", fileAnswer(join(pageDir, "docs.css")));
  for (const asset of uiAssets) app.get(`/docs/assets/${asset}`, fileAnswer(join(uiDir, asset)));
  return app;
}
