// Offers: the hash-chained audit log (append, group commit of lone events, refusal), signed checkpoints of its chain heads, the
// chain check against them, and the auditors' query within a jurisdiction.
// Keeps: the chains' hashing and locks, the audit_events, audit_checkpoints and audit_chain_checks rows.
export { appendAuditEvents, appendAuditEventsWith, recordAuditEvents, configureAuditChains } from './audit-log.js';
export { recordAuditEventGrouped } from './group-commit.js';
export type { AuditEvent } from './audit-log.js';
export { verifyAuditChain } from './chain-check.js';
export type { ChainCheck, ChainCheckOptions } from './chain-check.js';
export { compareCheckpoints, createCheckpoint, listCheckpoints, exportCheckpoint, parseCheckpointFile, readChainHeads, CHECKPOINT_JWS_TYP } from './checkpoints.js';
export type { Checkpoint, CheckpointPayload, ChainHeads } from './checkpoints.js';
export { buildAuditBundle, verifyAuditBundle, BUNDLE_JWS_TYP } from './bundle.js';
export type { AuditBundle, BundleCheck } from './bundle.js';
export { purgeAuditEvents, RetentionRefused } from './retention.js';
export type { AuditRetention } from './retention.js';
export { auditRefusal } from './refusal.js';
export { queryAuditEvents } from './audit-query.js';
export type { AuditEntry, AuditFilter } from './audit-query.js';
export type { AuditOutcome } from './event-hash.js';
