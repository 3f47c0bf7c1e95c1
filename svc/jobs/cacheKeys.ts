// The jobs service's cache keys. Every write that changes what one holds invalidates it; the gateway's edge cache
// tags its answers with the same keys (gw/routes/jobs.ts), so the invalidation reaches it too.
export const jobKey = (jobId: string) => `job:${jobId}`;
export const proposalsKey = (jobId: string) => `proposals:${jobId}`;
/** Every search answer: invalidated (its generation bumped) by each write that adds, closes or changes a job. */
export const searchKey = "search";
