// The contracts service's cache keys. Every write that changes what one holds invalidates it; the gateway's edge
// cache tags its answers with the same keys (gw/routes/contracts.ts), so the invalidation reaches it too.
export const cacheKeys = {
  contract: (id: string) => `contract:${id}`,
  milestone: (id: string) => `milestone:${id}`,
  pendingTerminations: (contractId: string) => `terminations:${contractId}`,
};
