// What the control tests share: the CLI run as a subprocess against a test stack, callers with tokens the
// test gateway accepts, a job to read, and a bounded load loop that counts failures.
import amqp from "amqplib";
import { amqpUrlFor } from "../../svc/runtime/vhost.ts";
import { craftToken, nowSeconds } from "../support/jwt.ts";
import { root, testJwtSecret, waitFor, type Stack } from "../support/stack.ts";
import type { Api } from "../support/api.ts";
import type { ControlOutcome } from "../../ctl/send.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const amqpUrl = infrastructure().amqpUrl;
export const controlSecret = `control-test-${crypto.randomUUID()}`;
export const patch = (name: string) => `${root}tests/control/fixtures/patches/${name}.ts`;

export interface CtlRun {
  code: number;
  stdout: string;
  stderr: string;
  outcome: ControlOutcome | null;
}

/** `bun ctl/main.ts <args> --json` in the stack's namespace; the outcome is parsed when the CLI printed one. */
export async function ctl(stack: Stack, args: string[], env: Record<string, string> = {}): Promise<CtlRun> {
  const proc = Bun.spawn([process.execPath, "ctl/main.ts", ...args, "--json"], {
    cwd: root,
    env: { ...process.env, WORKUP_NAMESPACE: stack.ns, CONTROL_SECRET: controlSecret, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  let outcome: ControlOutcome | null = null;
  try {
    outcome = JSON.parse(stdout);
  } catch {
    /* not an outcome (usage error, spawnMachine) */
  }
  return { code, stdout, stderr, outcome };
}

/** A caller of that role whose token the test gateway accepts (no users service needed). */
export function caller(role: "CLIENT" | "FREELANCER") {
  const id = crypto.randomUUID();
  const token = craftToken(
    { sub: `${role.toLowerCase()}.${id}@example.com`, userId: id, role, iat: nowSeconds(), exp: nowSeconds() + 3600 },
    { secret: testJwtSecret },
  );
  return { id, token };
}

export async function postJob(a: Api, token: string): Promise<string> {
  const res = await a.post(
    "/api/v1/jobs",
    {
      title: "Port a controller to Bun",
      description: "Hot swap without downtime.",
      location: "Remote",
      budget: 900,
      skills: ["TypeScript"],
      experience: "INTERMEDIATE",
    },
    token,
  );
  if (res.status !== 201) throw new Error(`job creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Each replica's state from a status outcome, by instance. */
export const statesOf = (o: ControlOutcome | null) =>
  Object.fromEntries((o?.replies ?? []).map((r) => [r.instance, r.state as Record<string, any>]));

/** `workers` concurrent loops calling `request` until `stop` resolves; every answer is recorded. */
export async function underLoad<T>(workers: number, request: () => Promise<T>, stop: Promise<unknown>): Promise<T[]> {
  let done = false;
  void stop.finally(() => {
    done = true;
  });
  const seen: T[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!done) seen.push(await request());
    }),
  );
  return seen;
}

/**
 * Publish an already signed (or tampered) control message; collect answers until `replicas` came or `waitMs` passed.
 */
export async function publishRaw(
  stack: Stack,
  service: string,
  message: unknown,
  replicas = 2,
  waitMs = 10_000,
): Promise<Array<{ instance: string; ok: boolean; error?: string }>> {
  const conn = await amqp.connect(amqpUrlFor(amqpUrl, stack.ns));
  try {
    const ch = await conn.createChannel();
    const { queue } = await ch.assertQueue("", { exclusive: true });
    const replies: Array<{ instance: string; ok: boolean; error?: string }> = [];
    await ch.consume(
      queue,
      (msg) => {
        if (msg) replies.push(JSON.parse(msg.content.toString()));
      },
      { noAck: true },
    );
    ch.publish(`controller_${service}`, "", Buffer.from(JSON.stringify(message)), {
      replyTo: queue,
      correlationId: "raw",
    });
    await waitFor(`${replicas} answers`, () => replies.length >= replicas, waitMs).catch(() => {});
    return replies.sort((x, y) => x.instance.localeCompare(y.instance));
  } finally {
    await conn.close();
  }
}

/** Messages waiting in a queue right now (AMQP, not the management API's delayed statistics). */
export async function queueDepth(stack: Stack, queue: string): Promise<number> {
  const conn = await amqp.connect(amqpUrlFor(amqpUrl, stack.ns));
  try {
    const ch = await conn.createChannel();
    return (await ch.checkQueue(queue)).messageCount;
  } finally {
    await conn.close();
  }
}
