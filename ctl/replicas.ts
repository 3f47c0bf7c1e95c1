// Which replicas should answer: the control queues bound to controller_<service>, from RabbitMQ's management
// API. Every replica has one (named after its instance), frozen or not; a killed replica's queue stays for a
// minute (x-expires) with no consumer, so it is reported missing; a replica that stopped gracefully deleted it.
import { controlExchangeOf } from "../svc/runtime/envelope.ts";
import { controlQueuePrefix } from "../svc/runtime/control/plane.ts";

export interface ExpectedReplica {
  instance: string;
  queue: string;
}

/** The replicas bound to the service's control exchange, or null when the management API cannot be read. */
export async function expectedReplicas(
  mgmtUrl: string,
  vhost: string,
  service: string,
): Promise<ExpectedReplica[] | null> {
  const { origin, username, password } = new URL(mgmtUrl);
  const auth = "Basic " + btoa(`${decodeURIComponent(username || "guest")}:${decodeURIComponent(password || "guest")}`);
  const exchange = encodeURIComponent(controlExchangeOf(service));
  const path = `exchanges/${encodeURIComponent(vhost)}/${exchange}/bindings/source`;
  try {
    const res = await fetch(`${origin}/api/${path}`, {
      headers: { authorization: auth },
      signal: AbortSignal.timeout(5000),
    });
    if (res.status === 404) return []; // no replica ever declared the exchange
    if (!res.ok) return null;
    const bindings = (await res.json()) as Array<{ destination: string; destination_type: string }>;
    const prefix = controlQueuePrefix(service);
    return bindings
      .filter((b) => b.destination_type === "queue" && b.destination.startsWith(prefix))
      .map((b) => ({ queue: b.destination, instance: b.destination.slice(prefix.length) }))
      .sort((a, b) => a.instance.localeCompare(b.instance));
  } catch {
    return null;
  }
}
