// One behaviour suite, run against every store that is reachable here; each unreachable one is reported with why.
import { afterAll, beforeAll, describe, it } from "bun:test";
import { AppError } from "../../svc/runtime/errors.ts";
import { reachable, type Opened, type StoreKind, type StoreTarget } from "./targets.ts";

/** `store()`: a new request's store; `store(rid)`: the store of request `rid` again (a redelivery). */
export interface SuiteContext<S> {
  store: (requestId?: string) => S;
  target: StoreTarget<S>;
}

export async function describeStores<S>(
  service: string,
  targets: StoreTarget<S>[],
  body: (ctx: SuiteContext<S>) => void,
): Promise<void> {
  const { run, skipped } = await reachable(targets.map((t) => t.kind as StoreKind));
  for (const { kind, reason } of skipped) {
    console.log(`[${service} store] skipped ${kind}: ${reason}`);
    describe(`${service} store on ${kind}`, () => it.skip(`skipped ${kind}: ${reason}`, () => {}));
  }
  for (const target of targets.filter((t) => run.has(t.kind))) {
    describe(`${service} store on ${target.kind}`, () => {
      let opened: Opened<S> | undefined;
      beforeAll(async () => {
        opened = await target.open();
      }, 120_000);
      afterAll(() => opened?.close(), 60_000);
      body({ store: (rid = requestId()) => opened!.store(rid), target });
    });
  }
}

/**
 * A uniqueness refusal, however the store reports it: PostgreSQL's unique violation (the runtime maps it to 409) or a
 * 409 AppError.
 */
export function isConflict(err: unknown): boolean {
  if (err instanceof AppError) return err.code === "conflict";
  return (err as { code?: string })?.code === "23505";
}

export async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a refusal, got success");
}

export const requestId = () => crypto.randomUUID();
