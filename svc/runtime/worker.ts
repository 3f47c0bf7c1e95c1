// Consumes queue_<service>: prefetch = concurrency limit, ack only after the reply is published, skips
// requests whose caller has given up, retries unexpected failures a bounded number of times, then dead-letters.
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import type { Broker } from "./amqp.ts";
import { openChannel } from "./amqp.ts";
import { AppError } from "./errors.ts";
import {
  deadLetterQueueOf,
  encodeReply,
  errorReply,
  queueOf,
  readRequest,
  type Reply,
  type RequestMeta,
} from "./envelope.ts";
import { dispatch, UnexpectedError, type DispatchDeps } from "./dispatch.ts";
import { Limiter } from "./limiter.ts";
import type { Logger } from "./log.ts";

export interface WorkerOptions {
  concurrency: number;
  maxAttempts: number;
  observe: (command: string, outcome: "ok" | "error" | "timeout" | "rejected", seconds: number) => void;
}

export class Worker {
  readonly limiter: Limiter;
  private conn: ChannelModel | null = null;
  private ch: Channel | null = null;
  private consumerTag: string | null = null;
  private frozen = false;
  private stopping = false;
  private waitingForSlot = new Set<ConsumeMessage>();

  constructor(
    private broker: Broker,
    private deps: DispatchDeps,
    private log: Logger,
    private opts: WorkerOptions,
  ) {
    this.limiter = new Limiter(opts.concurrency);
  }

  get isFrozen() {
    return this.frozen;
  }
  get inFlight() {
    return this.limiter.inFlight;
  }
  /** Messages taken up so far. */
  handled = 0;

  start(): void {
    this.broker.onConnect(async (conn) => {
      // Once per connection: registered while the broker is still running its setups, this can be called twice,
      // and a second channel would orphan the first one's deliveries.
      if (this.conn === conn) return;
      this.conn = conn;
      const ch = await openChannel(conn, this.log);
      await ch.assertQueue(queueOf(this.deps.service), { durable: true });
      await ch.assertQueue(deadLetterQueueOf(this.deps.service), { durable: true });
      this.ch = ch;
      this.consumerTag = null;
      this.waitingForSlot.clear();
      if (!this.frozen && !this.stopping) await this.consume();
    });
    this.broker.onDisconnect(() => {
      this.conn = null;
      this.ch = null;
      this.consumerTag = null;
      this.waitingForSlot.clear();
    });
  }

  private async consume(): Promise<void> {
    const ch = this.ch;
    if (!ch || this.consumerTag) return;
    await ch.prefetch(this.limiter.limit);
    const { consumerTag } = await ch.consume(
      queueOf(this.deps.service),
      (msg) => {
        if (msg) void this.handle(ch, msg);
      },
      { noAck: false },
    );
    this.consumerTag = consumerTag;
  }

  private async stopConsuming(): Promise<void> {
    const ch = this.ch,
      tag = this.consumerTag;
    this.consumerTag = null;
    if (ch && tag) await ch.cancel(tag).catch(() => {});
    // Messages delivered but not started go back to the queue for another replica (or for after `start`).
    if (ch) for (const msg of this.waitingForSlot) ch.nack(msg, false, true);
    this.waitingForSlot.clear();
  }

  /** Change the concurrency limit: the in-process limit at once, the broker prefetch through a new consumer. */
  async setConcurrency(n: number): Promise<void> {
    this.limiter.setLimit(n);
    if (this.consumerTag && this.ch) {
      const ch = this.ch,
        old = this.consumerTag;
      this.consumerTag = null;
      await this.consume();
      await ch.cancel(old).catch(() => {});
    }
  }

  async freeze(): Promise<void> {
    this.frozen = true;
    await this.stopConsuming();
    await this.limiter.idle();
  }

  async resume(): Promise<void> {
    this.frozen = false;
    await this.consume();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopConsuming();
    await this.limiter.idle();
  }

  private async handle(ch: Channel, msg: ConsumeMessage): Promise<void> {
    const meta = readRequest(msg);
    this.handled++;
    this.waitingForSlot.add(msg);
    await this.limiter.acquire();
    if (!this.waitingForSlot.delete(msg)) {
      // handed back to the queue by freeze/stop meanwhile
      this.limiter.release();
      return;
    }
    const started = performance.now();
    let reply: Reply | null;
    let outcome: "ok" | "error" | "timeout" | "rejected" = "ok";
    try {
      if (meta.deadline && Date.now() > meta.deadline) {
        outcome = "timeout"; // the caller has already answered 504: the work would be wasted
        reply = null;
      } else {
        reply = await this.run(ch, msg, meta);
        if (reply && !reply.ok) outcome = reply.error.status >= 500 ? "error" : "rejected";
      }
    } finally {
      this.limiter.release();
    }
    this.opts.observe(meta.command || "(none)", outcome, (performance.now() - started) / 1000);
    if (this.ch !== ch) return; // the channel died: the broker redelivers the message
    try {
      if (reply && msg.properties.replyTo) {
        ch.sendToQueue(msg.properties.replyTo, encodeReply(reply), {
          correlationId: msg.properties.correlationId,
          contentType: "application/json",
        });
      }
      ch.ack(msg);
    } catch (err) {
      this.log.warn("could not reply or ack; the broker will redeliver", { err: (err as Error).message });
    }
  }

  /** The reply, or null when the message was re-queued for another attempt. */
  private async run(ch: Channel, msg: ConsumeMessage, meta: RequestMeta): Promise<Reply | null> {
    let body: unknown;
    try {
      body = JSON.parse(msg.content.toString() || "{}");
    } catch {
      return errorReply(new AppError("invalid", "The request body is not valid JSON"));
    }
    try {
      return await dispatch(this.deps, meta, body);
    } catch (err) {
      const cause = err instanceof UnexpectedError ? err.cause : err;
      const message = (cause as Error)?.message ?? String(cause);
      if (meta.attempt < this.opts.maxAttempts) {
        this.log.warn("command failed; retrying", {
          command: meta.command,
          requestId: meta.requestId,
          attempt: meta.attempt,
          err: message,
        });
        ch.sendToQueue(queueOf(this.deps.service), msg.content, {
          ...msg.properties,
          headers: { ...msg.properties.headers, "x-attempt": meta.attempt + 1 },
        });
        return null;
      }
      this.log.error("command failed on every attempt; moved to the dead-letter queue", {
        command: meta.command,
        requestId: meta.requestId,
        attempts: meta.attempt,
        err: message,
      });
      ch.sendToQueue(deadLetterQueueOf(this.deps.service), msg.content, {
        ...msg.properties,
        persistent: true,
        headers: { ...msg.properties.headers, "x-error": message, "x-failed-at": new Date().toISOString() },
      });
      return errorReply(
        new AppError("internal", `The ${meta.command} command failed; the request was set aside for inspection`),
      );
    }
  }
}
