// Publishes one signed control message on controller_<service> and collects the replicas' answers on a
// private reply queue until every expected replica has answered or the timeout passes.
import amqp from "amqplib";
import { controlExchangeOf } from "../svc/runtime/envelope.ts";
import { signControl } from "../svc/runtime/control/credential.ts";
import type { ControlReply } from "../svc/runtime/control/plane.ts";
import type { CtlConfig } from "./config.ts";
import { expectedReplicas } from "./replicas.ts";

export interface ControlOutcome {
  id: string;
  service: string;
  op: string;
  replies: ControlReply[];
  /** Instances bound to the control exchange when the message was sent; null if the management API was unreachable. */
  bound: string[] | null;
  /** --expect: at least this many replicas must answer. */
  expectCount: number | null;
  /** Bound instances that did not answer in time. */
  missing: string[];
  ok: boolean;
  problems: string[];
}

export interface SendOptions {
  timeoutMs: number;
  expect?: number | null;
}

export async function sendControl(
  cfg: CtlConfig,
  service: string,
  op: string,
  args: Record<string, unknown>,
  opts: SendOptions,
): Promise<ControlOutcome> {
  const exchange = controlExchangeOf(service);
  const bound = (await expectedReplicas(cfg.mgmtUrl, cfg.namespace, service))?.map((r) => r.instance) ?? null;
  const expectCount = opts.expect ?? null;
  const id = crypto.randomUUID();
  const replies = new Map<string, ControlReply>();

  const conn = await amqp.connect(cfg.amqpUrl, { clientProperties: { connection_name: `ctl ${op} ${service}` } });
  try {
    const check = await conn.createChannel();
    check.on("error", () => {});
    const exists = await check.checkExchange(exchange).then(
      () => true,
      () => false,
    );
    if (exists) await check.close().catch(() => {});
    if (exists && !(bound?.length === 0 && expectCount === null)) {
      const ch = await conn.createChannel();
      const { queue } = await ch.assertQueue("", { exclusive: true, autoDelete: true });
      let allIn!: () => void;
      const answered = new Promise<void>((resolve) => (allIn = resolve));
      const complete = () =>
        (bound === null || bound.every((i) => replies.has(i))) &&
        (expectCount === null ? bound !== null : replies.size >= expectCount);
      await ch.consume(
        queue,
        (msg) => {
          if (!msg || msg.properties.correlationId !== id) return;
          try {
            const reply = JSON.parse(msg.content.toString()) as ControlReply;
            replies.set(reply.instance, reply);
          } catch {
            return;
          }
          if (complete()) allIn();
        },
        { noAck: true },
      );
      const message = signControl(cfg.secret, { id, service, op, args, issuedAt: Date.now() });
      ch.publish(exchange, "", Buffer.from(JSON.stringify(message)), {
        replyTo: queue,
        correlationId: id,
        contentType: "application/json",
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.timeoutMs)))]);
      clearTimeout(timer);
    }
  } finally {
    await conn.close().catch(() => {});
  }

  const list = [...replies.values()].sort((a, b) => a.instance.localeCompare(b.instance));
  const missing = (bound ?? []).filter((i) => !replies.has(i));
  const problems: string[] = [];
  if (bound?.length === 0 && list.length === 0)
    problems.push(`no replica of ${service} is running in namespace ${cfg.namespace}`);
  else if (list.length === 0) problems.push(`no replica answered within ${opts.timeoutMs} ms`);
  if (missing.length)
    problems.push(`${missing.length} replica(s) did not answer within ${opts.timeoutMs} ms: ${missing.join(", ")}`);
  if (expectCount !== null && list.length < expectCount)
    problems.push(`expected ${expectCount} replica(s), ${list.length} answered`);
  const failed = list.filter((r) => !r.ok);
  if (failed.length) problems.push(`${failed.length} replica(s) refused or failed`);
  if (bound === null)
    problems.push("warning: the management API was not reachable, so the number of replicas is unknown (use --expect)");
  const ok =
    list.length > 0 && !missing.length && !failed.length && (expectCount === null || list.length >= expectCount);
  return { id, service, op, replies: list, bound, expectCount, missing, ok, problems };
}
