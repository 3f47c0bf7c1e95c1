// The seed's opt-in labels: swarm.autoscaler=true, swarm.autoscaler.minimum, swarm.autoscaler.maximum.

export const OPT_IN_LABEL = "swarm.autoscaler";
export const MIN_LABEL = "swarm.autoscaler.minimum";
export const MAX_LABEL = "swarm.autoscaler.maximum";
/** Optional: the queue the service consumes, when it is not queue_<service>. */
export const QUEUE_LABEL = "workup.queue";

export interface Bounds {
  min: number;
  max: number;
}

export function boundsFromLabels(labels: Record<string, string>, defaults: Bounds): Bounds {
  const read = (key: string, fallback: number) => {
    const raw = labels[key];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`label ${key}="${raw}" is not a non-negative integer`);
    return value;
  };
  const min = read(MIN_LABEL, defaults.min);
  const max = read(MAX_LABEL, Math.max(min, defaults.max));
  if (max < min) throw new Error(`label ${MAX_LABEL}=${max} is below ${MIN_LABEL}=${min}`);
  return { min, max };
}
