// Offers: anomaly rules over the audit log (favour, leaks, probing) run incrementally and on demand, their findings with evidence for auditors within a jurisdiction, reviews with a note, the rules' thresholds per region, which person an account is.
// Keeps: the rules, the cursor, the audit_findings / audit_finding_parameters / audit_actor_persons rows; audit_events is only read.
export { FINDING_DEFAULTS, FINDING_RULES, FINDING_SEVERITIES, FINDING_STATUSES, LOOKUP_ACTIONS } from './model.js';
export type { FindingParameters, FindingParametersOverride, FindingRule, FindingSeverity, FindingStatus } from './model.js';
export { findingParameters, saveFindingParameters } from './parameters.js';
export { pushFindings, runFindings, startFindingsTimer } from './runner.js';
export type { FindingPusher, FindingsTimer, RunOptions, RunResult } from './runner.js';
export { auditFindings, reviewAuditFinding, runAuditFindings } from './findings.js';
export type { FindingQuery, FindingView } from './findings.js';
export { registerActorPerson } from './actors.js';
export { describeFinding } from './summary.js';
export type { FindingSummary } from './summary.js';
export { findingPayload } from './payload.js';
export type { FindingPayload } from './payload.js';
