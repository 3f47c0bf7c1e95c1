// The performance issue's targets, checked against what this run measured (reported, never asserted in tests).
// Ratios compare with baselines of the same run: (2) one RabbitMQ request/reply hop, (4) + one PostgreSQL
// primary-key SELECT, (5) + one durable single-row INSERT transaction.
import { failed, type Measurement } from "./measurement.ts";
import type { ColdStarts } from "./system/coldStart.ts";

export interface TargetCheck {
  target: string;
  holds: boolean | null;
  measured: string;
}

export interface TargetInputs {
  measurements: Measurement[];
  /** RSS in MB per process of the stack after the load (settled: 4 s after it). */
  rssAfterLoad?: Record<string, number>;
  /** The same processes' private memory (USS) at that moment: shown beside RSS, which the target reads. */
  privateAfterLoad?: Record<string, number>;
  coldStart?: ColdStarts;
}

/** The targets' numbers, in one place. */
export const targets = {
  edgeHitVsEcho: 3,
  edgeHitP99Ms: 10,
  missVsPg: 0.8,
  searchP99Ms: 50,
  searchVsPg: 0.5,
  proposalVsInsert: 0.7,
  rssMb: 80,
  usersReadyMs: 500,
};

const ratioText = (m: Measurement) =>
  `${m.ratio!.toFixed(2)}x (${Math.round(m.summary!.reqPerSec)} / ${Math.round(m.summary!.reqPerSec / m.ratio!)} req/s)`;

const ussOf = (ps: Record<string, number> | undefined, name: string) =>
  ps?.[name] === undefined ? "" : ` (private ${ps[name]} MB)`;

export function checkTargets({
  measurements: ms,
  rssAfterLoad,
  privateAfterLoad,
  coldStart,
}: TargetInputs): TargetCheck[] {
  const get = (id: string) => ms.find((m) => m.id === id && m.summary);
  const checks: TargetCheck[] = [];
  const ratio = (id: string, target: string, atLeast: number) => {
    const m = get(id);
    checks.push(
      m?.ratio !== undefined
        ? { target, holds: m.ratio >= atLeast, measured: ratioText(m) }
        : { target, holds: null, measured: "not measured" },
    );
  };
  const p99 = (id: string, target: string, atMost: number) => {
    const m = get(id);
    checks.push(
      m
        ? { target, holds: m.summary!.p99 <= atMost, measured: `p99 ${m.summary!.p99} ms at ${m.load}` }
        : { target, holds: null, measured: "not measured" },
    );
  };
  ratio("job-hit", `Edge-cached GET /jobs/{id} >= ${targets.edgeHitVsEcho}x (2) in req/s`, targets.edgeHitVsEcho);
  p99("job-hit", `Edge-cached GET /jobs/{id} p99 <= ${targets.edgeHitP99Ms} ms`, targets.edgeHitP99Ms);
  ratio("job-miss", `Cache miss GET /jobs/{id} >= ${targets.missVsPg}x (4)`, targets.missVsPg);
  p99("job-search", `Ranked search (10,000 jobs) p99 <= ${targets.searchP99Ms} ms`, targets.searchP99Ms);
  ratio("job-search", `Ranked search >= ${targets.searchVsPg}x (4)`, targets.searchVsPg);
  ratio("proposal", `POST proposal >= ${targets.proposalVsInsert}x (5)`, targets.proposalVsInsert);

  const rss = Object.entries(rssAfterLoad ?? {}).filter(([name]) => !/postgres|redis|rabbit|baseline|ping/i.test(name));
  const over = rss.filter(([, mb]) => mb > targets.rssMb);
  checks.push({
    target: `Every WorkUp process <= ${targets.rssMb} MB RSS after the load, settled 4 s (gateway included)`,
    holds: rss.length ? over.length === 0 : null,
    measured: rss.length
      ? over.length
        ? over.map(([name, mb]) => `${name} ${mb} MB${ussOf(privateAfterLoad, name)}`).join(", ")
        : `largest ${Math.max(...rss.map(([, mb]) => mb))} MB`
      : "not measured",
  });
  const users = coldStart?.users;
  checks.push({
    target: `users ready <= ${targets.usersReadyMs} ms (median cold start)`,
    holds: users ? users.medianMs <= targets.usersReadyMs : null,
    measured: users ? `${users.medianMs} ms (${users.ms.join(", ")})` : "not measured",
  });

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
