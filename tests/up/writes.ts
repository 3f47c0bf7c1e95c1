// Continuous job writes through the gateway, each with a unique title, and how they ended; then what the jobs
// database holds for them: every acknowledged write exactly once is "nothing lost, nothing duplicated".
import type postgres from "postgres";
import { job } from "../support/marketplace.ts";

export interface Outcome {
  title: string;
  status: number | null;
  id?: string;
  error?: string;
}

/** `token`: a registered client's (the gateway checks that the account exists). */
export function writeLoad(url: string, token: string, writers = 4) {
  const prefix = `up-load-${crypto.randomUUID()}`;
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; running; i++) {
      const title = `${prefix} ${w}-${i}`;
      try {
        const res = await fetch(`${url}/api/v1/jobs`, {
          method: "POST",
          body: JSON.stringify(job({ title })),
          signal: AbortSignal.timeout(30_000),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        });
        const body = (await res.json().catch(() => null)) as { id?: string } | null;
        outcomes.push({ title, status: res.status, id: body?.id });
      } catch (err) {
        outcomes.push({ title, status: null, error: (err as Error).message });
        if (!running) break;
        await Bun.sleep(50); // the gateway is gone (the launcher is stopping): do not spin
      }
    }
  });
  return {
    outcomes,
    prefix,
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/** Acknowledged writes (201) missing from the database, and titles written more than once. */
export async function audit(db: ReturnType<typeof postgres>, prefix: string, outcomes: Outcome[]) {
  const rows = await db`select id, title from jobs where title like ${prefix + "%"}`;
  const byTitle = new Map<string, string[]>();
  for (const r of rows) byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r.id]);
  const acknowledged = outcomes.filter((o) => o.status === 201);
  return {
    acknowledged: acknowledged.length,
    lost: acknowledged.filter((o) => !byTitle.get(o.title)?.includes(o.id!)).map((o) => o.title),
    duplicated: [...byTitle].filter(([, ids]) => ids.length > 1).map(([title]) => title),
    rows: rows.length,
  };
}
