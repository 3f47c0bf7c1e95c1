// Swarm driver: lists services carrying swarm.autoscaler=true and sets their replica count.
// An update must send the whole spec with the Version.Index it was read at (optimistic concurrency).
import type { Log } from "../log.ts";
import { boundsFromLabels, OPT_IN_LABEL, QUEUE_LABEL, type Bounds } from "../labels.ts";
import { dockerApi, type DockerRequest } from "./dockerApi.ts";
import type { Driver, ScalableService } from "./driver.ts";

interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string>;
  Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  [key: string]: unknown;
}

export interface SwarmService {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
}

const STACK_LABEL = "com.docker.stack.namespace";

/** workup_jobs in stack workup -> jobs */
function shortName(spec: ServiceSpec): string {
  const stack = spec.Labels?.[STACK_LABEL];
  return stack && spec.Name.startsWith(`${stack}_`) ? spec.Name.slice(stack.length + 1) : spec.Name;
}

function queueOf(spec: ServiceSpec): string | null {
  const label = spec.Labels?.[QUEUE_LABEL];
  if (label !== undefined) return label.trim() || null;
  return `queue_${shortName(spec)}`;
}

export function swarmDriver(opts: { socketPath: string; defaults: Bounds; log: Log; request?: DockerRequest }): Driver {
  const request = opts.request ?? dockerApi(opts.socketPath);

  return {
    kind: "swarm",

    async list() {
      const filters = encodeURIComponent(JSON.stringify({ label: [`${OPT_IN_LABEL}=true`] }));
      const services = await request<SwarmService[]>("GET", `/services?filters=${filters}`);
      const scalable: ScalableService[] = [];
      for (const svc of services) {
        const replicas = svc.Spec.Mode?.Replicated?.Replicas;
        if (svc.Spec.Labels?.[OPT_IN_LABEL] !== "true" || replicas === undefined) {
          opts.log("warn", "skipping service: not an opted-in replicated service", { service: svc.Spec.Name });
          continue;
        }
        try {
          const bounds = boundsFromLabels(svc.Spec.Labels ?? {}, opts.defaults);
          scalable.push({
            id: svc.ID,
            name: svc.Spec.Name,
            queue: queueOf(svc.Spec),
            swarmService: svc.Spec.Name,
            replicas,
            ...bounds,
          });
        } catch (err) {
          opts.log("error", "skipping service: bad autoscaler labels", {
            service: svc.Spec.Name,
            error: (err as Error).message,
          });
        }
      }
      return scalable;
    },

    async scale(service, replicas) {
      // Re-read right before updating: the index must match the spec we send back.
      const current = await request<SwarmService>("GET", `/services/${encodeURIComponent(service.id)}`);
      const spec: ServiceSpec = { ...current.Spec, Mode: { Replicated: { Replicas: replicas } } };
      await request(
        "POST",
        `/services/${encodeURIComponent(service.id)}/update?version=${current.Version.Index}`,
        spec,
      );
    },

    async close() {},
  };
}
