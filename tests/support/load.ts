// Steady load for fault tests: a few concurrent loops sending requests until stopped, every answer recorded with
// when it was sent and how long it took. A request that gets no answer within `hangMs` is recorded as status 0.
import type { ApiResponse } from "./api.ts";

export interface Sample {
  kind: string;
  startedAt: number;
  ms: number;
  status: number;
  code?: string;
  body: any;
}

export interface Load {
  readonly samples: Sample[];
  /** Stop the loops and wait for the requests in flight. */
  stop(): Promise<Sample[]>;
}

/** `workers` loops, each calling `next(i)` for the i-th request of the whole load, with a short pause between. */
export function steadyLoad(
  workers: number,
  next: (i: number) => { kind: string; send: () => Promise<ApiResponse> },
  opts: { pauseMs?: number; hangMs?: number } = {},
): Load {
  const samples: Sample[] = [];
  let stopped = false,
    count = 0;
  const loop = async () => {
    while (!stopped) {
      const { kind, send } = next(count++);
      const startedAt = Date.now();
      let status = 0,
        body: any = null;
      try {
        const res = await Promise.race([send(), Bun.sleep(opts.hangMs ?? 30_000).then(() => null)]);
        if (res) ({ status, body } = res);
      } catch (err) {
        body = String(err);
      }
      samples.push({ kind, startedAt, ms: Date.now() - startedAt, status, code: body?.error?.code, body });
      await Bun.sleep(opts.pauseMs ?? 25);
    }
  };
  const loops = Array.from({ length: workers }, loop);
  return {
    samples,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return samples;
    },
  };
}

/** How many samples had each status, e.g. { 201: 40, 503: 12 }. */
export const statusCounts = (samples: Sample[]) =>
  samples.reduce<Record<number, number>>((n, s) => ({ ...n, [s.status]: (n[s.status] ?? 0) + 1 }), {});
