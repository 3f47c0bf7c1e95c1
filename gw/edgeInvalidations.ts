// The edge cache follows the services' invalidations (topic "edge": `{ service, keys }`, announced by every replica
// as it invalidates, svc/runtime/service.ts). Serving starts once subscribed; a lost broker connection stops it and
// empties the cache until the subscription is back.
import { edgeTopic, listen } from "../svc/runtime/announcements.ts";
import type { Broker } from "../svc/runtime/amqp.ts";
import type { Logger } from "../svc/runtime/log.ts";
import type { EdgeCache } from "./edgeCache.ts";

export const edgeTag = (service: string, key: string) => `${service}:${key}`;

export function followInvalidations(broker: Broker, cache: EdgeCache, log: Logger): void {
  broker.onDisconnect(() => {
    if (cache.enabled) log.warn("edge cache off until the broker is back");
    cache.disable();
  });
  listen(broker, edgeTopic, log, {
    heard({ service, keys }) {
      if (typeof service !== "string" || !Array.isArray(keys)) return;
      cache.drop(keys.map((k) => edgeTag(service, String(k))));
    },
    subscribed: () => cache.enable(),
  });
}
