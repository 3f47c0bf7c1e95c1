// The media server's routes: path pattern (Bun.serve's syntax, also the metrics label) and a handler per method.
import { describeGroup, describeGroups } from "./describe.ts";
import { healthz } from "./health.ts";
import { serveStatic } from "./static.ts";
import { upload } from "./upload.ts";
import type { Handler } from "./context.ts";

export interface MediaRoute {
  path: string;
  methods: Partial<Record<string, Handler>>;
  /** The same route with a trailing slash ("/describe/"). */
  trailingSlash?: boolean;
}

export const mediaRoutes: MediaRoute[] = [
  { path: "/static/:group/:file", methods: { GET: serveStatic, HEAD: serveStatic } },
  { path: "/describe", methods: { GET: describeGroups, HEAD: describeGroups }, trailingSlash: true },
  { path: "/describe/:group", methods: { GET: describeGroup, HEAD: describeGroup }, trailingSlash: true },
  { path: "/upload/:group", methods: { POST: upload }, trailingSlash: true },
  { path: "/healthz", methods: { GET: healthz, HEAD: healthz } },
];
