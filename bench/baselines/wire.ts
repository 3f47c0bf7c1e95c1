// What the baseline HTTP server and worker share: the queue per baseline and the request they pass.
export const baselineQueues = {
  echo: "bench_echo",
  redis: "bench_redis",
  pg: "bench_pg",
  insert: "bench_insert",
} as const;
export type BaselineKind = keyof typeof baselineQueues;

/** About the size of a gateway request for GET /jobs/{id}. */
export const baselineRequest = { jobId: "00000000-0000-4000-8000-000000000001" };

/** About the size of a job as the jobs service answers it. */
export const baselineJob = {
  id: "00000000-0000-4000-8000-000000000001",
  title: "Build a TypeScript backend",
  description: "A marketplace backend with services over RabbitMQ, a Redis cache and PostgreSQL.",
  location: "Remote",
  budget: 1500,
  skills: ["typescript", "rabbitmq", "postgresql"],
  experience: "INTERMEDIATE",
  clientId: "00000000-0000-4000-8000-000000000002",
  active: true,
  createdAt: "2026-01-01T00:00:00.000Z",
  modifiedAt: "2026-01-01T00:00:00.000Z",
};
export const baselineRows = 1000;
export const baselineTable = "bench_jobs";
/** Baseline 5 writes one row per request here, in a transaction of its own. */
export const baselineWrites = "bench_writes";
