// Turns what the broker and Prometheus report about one service into decision signals.
import type { Signal } from "../decide.ts";
import type { Targets } from "../config.ts";
import type { QueueReader, QueueStats } from "./rabbit.ts";
import type { CpuReader } from "./prometheus.ts";

export interface SignalSubject {
  /** The queue the service's replicas consume; null when it has none (the gateway). */
  queue: string | null;
  /** Swarm service name for cAdvisor series; null outside Swarm. */
  swarmService: string | null;
  replicas: number;
}

export interface Observed {
  queue?: QueueStats | null;
  cpuUtilization?: number | null;
  errors: string[];
}

export interface SignalSources {
  vhost: string;
  queues: QueueReader;
  cpu: CpuReader | null;
  targets: Targets;
}

export async function collectSignals(
  subject: SignalSubject,
  sources: SignalSources,
): Promise<{ signals: Signal[]; observed: Observed }> {
  const signals: Signal[] = [];
  const observed: Observed = { errors: [] };
  const { targets } = sources;

  if (subject.queue) {
    try {
      const stats = await sources.queues.queue(sources.vhost, subject.queue);
      observed.queue = stats;
      if (stats) {
        // Ready messages wait for a consumer, unacknowledged ones are being worked on: both are load. Ready alone
        // reads 0 while every replica is busy with its prefetch (50 each by default), and would scale down then.
        // (KEDA's RabbitMQ scaler counts both too, unless told to exclude the unacknowledged.)
        signals.push({ name: "backlog", total: stats.ready + stats.unacked, target: targets.backlog });
        if (targets.rate > 0 && stats.publishRate !== null) {
          signals.push({ name: "rate", total: stats.publishRate, target: targets.rate });
        }
      }
    } catch (err) {
      observed.errors.push(`queue: ${(err as Error).message}`);
    }
  }

  if (sources.cpu && subject.swarmService && targets.cpu > 0 && subject.replicas > 0) {
    try {
      const utilization = await sources.cpu(subject.swarmService);
      observed.cpuUtilization = utilization;
      if (utilization !== null)
        signals.push({ name: "cpu", total: utilization * subject.replicas, target: targets.cpu });
    } catch (err) {
      observed.errors.push(`cpu: ${(err as Error).message}`);
    }
  }
  return { signals, observed };
}
