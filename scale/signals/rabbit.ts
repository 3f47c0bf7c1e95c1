// Queue depth and rates from RabbitMQ's management API (GET /api/queues/<vhost>/<queue>).

export interface QueueStats {
  ready: number;
  unacked: number;
  consumers: number;
  /** Messages published to the queue per second; null when the broker keeps no message stats. */
  publishRate: number | null;
  deliverRate: number | null;
}

export interface QueueReader {
  queue(vhost: string, name: string): Promise<QueueStats | null>;
}

interface QueueBody {
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  message_stats?: {
    publish_details?: { rate?: number };
    deliver_get_details?: { rate?: number };
  };
}

/** `url` may carry credentials (http://user:pass@host:15672); they become a Basic header. */
export function managementApi(url: string, timeoutMs = 5_000): QueueReader {
  const parsed = new URL(url);
  const auth = "Basic " + btoa(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`);
  const base = `${parsed.origin}${parsed.pathname.replace(/\/$/, "")}`;

  return {
    async queue(vhost, name) {
      const res = await fetch(`${base}/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`, {
        headers: { authorization: auth },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`management API ${res.status} for queue ${vhost}/${name}`);
      const body = (await res.json()) as QueueBody;
      return {
        ready: body.messages_ready ?? 0,
        unacked: body.messages_unacknowledged ?? 0,
        consumers: body.consumers ?? 0,
        publishRate: body.message_stats?.publish_details?.rate ?? null,
        deliverRate: body.message_stats?.deliver_get_details?.rate ?? null,
      };
    },
  };
}
