// Offers: the security log (requests refused before touching data: authentication failures, invalid queries, quota refusals), its flood-guarded writer and the auditors' query within a jurisdiction.
// Keeps: the security_events rows, the in-memory rate windows, the masking of details and the unverified labelling of refused tokens.
export { createSecurityLog } from './log.js';
export type { SecurityLog, SecurityLogOptions, SecurityLogStats } from './log.js';
export { querySecurityEvents, seesUnplaced } from './query.js';
export { purgeSecurityEvents, SECURITY_LOG_RETENTION_DAYS } from './retention.js';
export type { SecurityEventFilter } from './query.js';
export { AUTHENTICATION_REASONS, SECURITY_EVENT_KINDS } from './model.js';
export type { AuthenticationReason, SecurityEvent, SecurityEventInput, SecurityEventKind } from './model.js';
export { safeDetail } from './detail.js';
export { kindOfCode, refusalEvent } from './classify.js';
export type { RefusalContext } from './classify.js';
