// Offers: the hash-chained audit log (append, refusal, chain check) and the auditors' query within a jurisdiction.
// Keeps: the chain's hashing and lock, the audit_events rows.
export { appendAuditEvents, recordAuditEvents, verifyAuditChain } from './audit-log.js';
export type { AuditEvent } from './audit-log.js';
export { auditRefusal } from './refusal.js';
export { queryAuditEvents } from './audit-query.js';
