export { appendAuditEvents, verifyAuditChain, GENESIS_HASH } from './audit-log.js';
export type { AuditEvent, AuditOutcome, ChainCheck } from './audit-log.js';
export { queryAuditEvents } from './audit-query.js';
export type { AuditEntry, AuditFilter } from './audit-query.js';
