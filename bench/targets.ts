// The targets, checked against what this run measured (reported, never asserted in tests).
import { failed, type Measurement } from "./measurement.ts";

export interface TargetCheck {
  target: string;
  holds: boolean | null;
  measured: string;
}

const ratioText = (m: Measurement) =>
  m.ratio === undefined
    ? "no baseline"
    : `${m.ratio.toFixed(2)}x (${Math.round(m.summary!.reqPerSec)} / ` +
      `${Math.round(m.summary!.reqPerSec / m.ratio)} req/s)`;

export function checkTargets(ms: Measurement[]): TargetCheck[] {
  const get = (id: string) => ms.find((m) => m.id === id && m.summary);
  const checks: TargetCheck[] = [];
  const hit = get("job-hit");
  checks.push(
    hit?.ratio !== undefined
      ? {
          target: "Cached GET /jobs/{id} >= 0.8x baseline (2) in req/s",
          holds: hit.ratio >= 0.8,
          measured: ratioText(hit),
        }
      : { target: "Cached GET /jobs/{id} >= 0.8x baseline (2) in req/s", holds: null, measured: "not measured" },
  );
  checks.push(
    hit
      ? {
          target: "Cached GET /jobs/{id} p99 <= 25 ms",
          holds: hit.summary!.p99 <= 25,
          measured: `p99 ${hit.summary!.p99} ms at ${hit.load}`,
        }
      : { target: "Cached GET /jobs/{id} p99 <= 25 ms", holds: null, measured: "not measured" },
  );
  checks.push(
    hit
      ? {
          target: "Cached GET /jobs/{id} zero errors",
          holds: !failed(hit),
          measured: `${hit.summary!.errors} errors, ${hit.summary!.non2xx} non-2xx`,
        }
      : { target: "Cached GET /jobs/{id} zero errors", holds: null, measured: "not measured" },
  );
  const post = get("proposal");
  checks.push(
    post?.ratio !== undefined
      ? { target: "POST proposal >= 0.7x baseline (4) in req/s", holds: post.ratio >= 0.7, measured: ratioText(post) }
      : { target: "POST proposal >= 0.7x baseline (4) in req/s", holds: null, measured: "not measured" },
  );
  const meant = ms.filter((m) => m.summary && m.expectSuccess);
  const bad = meant.filter(failed);
  checks.push({
    target: "Zero errors and zero non-2xx where every request should succeed",
    holds: meant.length ? bad.length === 0 : null,
    measured: bad.length
      ? bad.map((m) => `${m.id}: ${m.summary!.errors} errors, ${m.summary!.non2xx} non-2xx`).join("; ")
      : `${meant.length} measurements clean`,
  });
  return checks;
}
