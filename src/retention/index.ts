// Offers: retention of personal data as dated policies (global or per region) and the purge that applies them, each purge audited.
// Keeps: the retention_policies rows and which policy governs a region; the data itself is removed by the modules that own it.
export { policiesInForce, policyFor, saveRetentionPolicy } from './policies.js';
export type { RetentionPolicy } from './policies.js';
export { purgeExpired } from './purge.js';
export type { PurgeSummary } from './purge.js';
