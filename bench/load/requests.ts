// Turns a RequestSpec into autocannon options. Requests with `each` share one counter per load process,
// so across every connection (and the warm-up and all runs) no (path, token) pair is sent twice.
import type autocannon from "autocannon";
import type { RequestSpec } from "./spec.ts";

export interface RequestSource {
  options: Pick<autocannon.Options, "requests">;
  /** True once every pair has been used and they start over. */
  exhausted(): boolean;
}

export function requestSource(spec: RequestSpec): RequestSource {
  const headers: Record<string, string> = { ...spec.headers };
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers["content-type"] ??= "application/json";
  }
  const base = { method: spec.method, path: spec.path, headers, body };
  const each = spec.each;
  // As a `requests` entry: autocannon takes the path of a top-level request from the URL, not from `path`.
  if (!each) return { options: { requests: [base] }, exhausted: () => false };

  const { paths, tokens } = each;
  if (each.bodies) headers["content-type"] ??= "application/json";
  const pairs = paths.length * (tokens?.length ?? 1);
  let next = 0;
  const setupRequest = (req: autocannon.Request): autocannon.Request => {
    const n = next++;
    const i = n % pairs;
    const path = paths[i % paths.length];
    const h = tokens ? { ...headers, authorization: `Bearer ${tokens[Math.floor(i / paths.length)]}` } : headers;
    const own = each.bodies ? JSON.stringify(each.bodies[n % each.bodies.length]) : body;
    return { ...req, method: spec.method, path, headers: h, body: own };
  };
  return {
    options: { requests: [{ ...base, setupRequest }] },
    exhausted: () => !each.repeat && next > pairs,
  };
}
