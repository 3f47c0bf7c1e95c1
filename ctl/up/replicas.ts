// REPLICAS="jobs=3 users=2" (spaces or commas between items): replicas per service under `make up`, one each
// unless named. A mistake is one clear error naming the item.
import { controlledServices } from "../config.ts";

export type Service = (typeof controlledServices)[number];
export type Replicas = Record<Service, number>;

export class SettingError extends Error {}

export function parseReplicas(spec: string | undefined): Replicas {
  const replicas = Object.fromEntries(controlledServices.map((s) => [s, 1])) as Replicas;
  for (const item of (spec ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [name, count, extra] = item.split("=");
    if (count === undefined || extra !== undefined) {
      throw new SettingError(`REPLICAS: "${item}" should look like jobs=3 (service=count)`);
    }
    if (!(controlledServices as readonly string[]).includes(name)) {
      const known = controlledServices.join(", ");
      throw new SettingError(`REPLICAS: unknown service "${name}" in "${item}"; services are ${known}`);
    }
    const n = Number(count);
    if (!/^\d+$/.test(count) || !Number.isSafeInteger(n) || n < 1) {
      throw new SettingError(`REPLICAS: the number of ${name} replicas must be a positive integer, got "${count}"`);
    }
    replicas[name as Service] = n;
  }
  return replicas;
}
