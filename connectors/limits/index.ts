// Offers: per-source limits shared by every process on one Redis (rate slots, 429 holds, calls in flight).
// Keeps: the Redis scripts (one round trip admits the calls asked together and frees the ended ones),
// the lease renewal and the local wake-ups.
export { createSharedLimits } from './shared-limits.js';
export type { SharedSourceLimits } from './shared-limits.js';
