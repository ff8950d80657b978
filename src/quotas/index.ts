// Offers: per token and per organisation quotas shared across hub processes in Redis (requests per second, verifications and batches per minute, verifications at once), the RATE_LIMITED error they raise.
// Keeps: the Redis script, the key layout and the once-per-minute audit of refusals.
export { createQuotas, rateLimited } from './quotas.js';
export type { QuotaKind, QuotaLimits, QuotaRefusal, Quotas } from './quotas.js';
