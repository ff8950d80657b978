// Offers: per-source limits shared by every process on one Redis (rate slots, 429 holds, calls in flight).
// Keeps: the Redis script and the semaphore leases that implement them.
export { createSharedLimits } from './shared-limits.js';
export type { SharedSourceLimits } from './shared-limits.js';
