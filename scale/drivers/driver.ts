// What the control loop needs from a platform: the services that opted in, and a way to set replicas.

export interface ScalableService {
  /** Stable handle for the driver (Swarm service id, or the local service name). */
  id: string;
  /** Name used in logs and decisions (Swarm: the full service name, e.g. workup_jobs). */
  name: string;
  /** Queue consumed by its replicas, or null. */
  queue: string | null;
  /** Swarm service name for cAdvisor series; null outside Swarm. */
  swarmService: string | null;
  replicas: number;
  min: number;
  max: number;
}

export interface Driver {
  readonly kind: string;
  list(): Promise<ScalableService[]>;
  scale(service: ScalableService, replicas: number): Promise<void>;
  /** Release what the driver holds (local mode: stop the replicas it started). */
  close(): Promise<void>;
}
