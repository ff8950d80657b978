// The verification report: its body and hash, assembling it from what the sources said (pure), its
// audit events, storing its versions (the only writer of `reports`, `report_versions` and `source_results`),
// the versions opened recently kept for the reads that follow (REPORT_CACHE_*), and the printable page.
export { missingSources, reportHash, reportStatusOf } from './report.js';
export type { DeclaredAssets, DeclaredIncome, Discrepancy, DiscrepancyKind, ReportBody, ReportMember, ReportSource, ReportStatus, ReportTicket, ValueOverride, DiscrepancyOverride } from './report.js';
export { findDiscrepancies, comparisonAttributes, discrepancyText } from './discrepancies.js';
export type { ComparisonInput } from './discrepancies.js';
export { assembleReport, assessReport, needsAssessment, settlesStatus, refreshReport, requestEvent, sourcesAnsweredEvent, readEvent } from './assemble.js';
export { insertReport, lockReportBody, updateReport, findReport, readReportBody, pendingBodies, reportsHoldingTickets, pendingReportsByGroup, pendingBatchGroups, pendingGroupBodies, reportVersions } from './store.js';
export type { ReportVersion, SignedReport } from './store.js';
export { registeredFacts } from './addresses.js';
export type { RegisteredFacts } from './addresses.js';
export { openReportBody, sealLegacyReports, sealVersion } from './sealed.js';
export { configureOpenedReports } from './opened.js';
export { agedReports, purgeReportBodies } from './retention.js';
export type { AgedReport } from './retention.js';
export { decidingValues, withOverrideProvenance } from './overrides.js';
export type { DecidingValue } from './overrides.js';
export { renderReportHtml } from './render-html.js';
export { CONCLUSION_LABELS, NEED_TAG_LABELS, PROGRAMME_LABELS, PURPOSE_LABELS, REPORT_STATUS_LABELS, SEVERITY_LABELS, SPECIAL_GROUP_LABELS, TARGET_GROUP_LABELS, URGENCY_LABELS, zhOf } from './labels.js';
