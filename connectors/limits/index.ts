// Offers: per-source limits shared by every process on one Redis (rate slots, 429 holds, calls in flight),
// and the way its scripts run (EVALSHA, the text sent once per connection) for other Redis scripts.
// Keeps: the Redis scripts (one round trip admits the calls asked together and frees the ended ones),
// the lease renewal and the local wake-ups.
export { createSharedLimits } from './shared-limits.js';
export type { SharedSourceLimits } from './shared-limits.js';
export { definedScript } from './scripts.js';
export type { ScriptCall } from './scripts.js';
