// One broker connection per process that recovers by itself: every part that uses it registers a setup
// function, run again on each (re)connection, so consumers and reply queues come back after a broker restart.
import amqp from "amqplib";
import type { Channel, ChannelModel } from "amqplib";
import type { Logger } from "./log.ts";

type Setup = (conn: ChannelModel) => Promise<void>;
type Teardown = () => void;

export interface Broker {
  readonly connected: boolean;
  /** Run now if connected and after every reconnection. */
  onConnect(setup: Setup): void;
  /** Run when the connection is lost, before reconnecting. */
  onDisconnect(teardown: Teardown): void;
  /** Resolves once the first connection is up. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createBroker(url: string, log: Logger, name: string): Broker {
  const setups: Setup[] = [];
  const teardowns: Teardown[] = [];
  let conn: ChannelModel | null = null;
  let closing = false;
  let attempt = 0;
  let firstReady: () => void;
  const readyPromise = new Promise<void>((r) => (firstReady = r));

  const connect = async (): Promise<void> => {
    if (closing) return;
    try {
      const c = await amqp.connect(url, { clientProperties: { connection_name: name } });
      corkWrites(c, log);
      c.on("error", (err: Error) => log.warn("broker connection error", { err: err.message }));
      c.on("close", () => {
        if (conn !== c) return;
        conn = null;
        for (const t of teardowns) t();
        if (!closing) {
          log.warn("broker connection lost; reconnecting");
          schedule();
        }
      });
      conn = c;
      for (const s of [...setups]) await s(c); // a copy: setups registered meanwhile already ran via onConnect
      if (attempt > 0) log.info("broker reconnected", { attempts: attempt });
      attempt = 0;
      firstReady();
    } catch (err) {
      if (conn) await conn.close().catch(() => {});
      conn = null;
      log.warn("broker connect failed", { err: (err as Error).message, attempt });
      schedule();
    }
  };
  const schedule = () => {
    if (closing) return;
    attempt++;
    setTimeout(connect, Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
  };
  void connect();

  return {
    get connected() {
      return conn !== null;
    },
    onConnect(setup) {
      setups.push(setup);
      if (conn) void setup(conn).catch((err) => log.error("broker setup failed", { err: (err as Error).message }));
    },
    onDisconnect(teardown) {
      teardowns.push(teardown);
    },
    ready: () => readyPromise,
    async close() {
      closing = true;
      const c = conn;
      conn = null;
      if (c) await c.close().catch(() => {});
    },
  };
}

/** A channel whose errors are logged instead of crashing the process. */
export async function openChannel(conn: ChannelModel, log: Logger, confirm = false): Promise<Channel> {
  const ch = confirm ? await conn.createConfirmChannel() : await conn.createChannel();
  ch.on("error", (err: Error) => log.warn("channel error", { err: err.message }));
  return ch;
}

/**
 * amqplib writes each frame to the socket on its own; corking the socket for one pass of its muxer turns
 * a reply + ack (or a publish) into one write. Measured in bench/PROFILING.md: about half the worker's CPU per
 * request. Uses amqplib 2.x internals, so it checks their shape and leaves things as they are otherwise.
 */
function corkWrites(c: ChannelModel, log: Logger): void {
  const mux = (
    c as unknown as {
      connection?: { muxer?: { _readIncoming?: () => void; out?: { cork?: () => void; uncork?: () => void } } };
    }
  ).connection?.muxer;
  const out = mux?.out;
  if (
    !mux ||
    typeof mux._readIncoming !== "function" ||
    typeof out?.cork !== "function" ||
    typeof out.uncork !== "function"
  ) {
    log.debug("amqplib internals changed; socket writes not corked");
    return;
  }
  const read = mux._readIncoming.bind(mux);
  mux._readIncoming = () => {
    out.cork!();
    try {
      read();
    } finally {
      out.uncork!();
    }
  };
}
