export { reportHash, releasedAttributes } from './report.js';
export type { DeclaredAssets, Discrepancy, DiscrepancyKind, ReportBody, ReportMember, ReportSource, ReportTicket } from './report.js';
export { findDiscrepancies, comparisonAttributes } from './discrepancies.js';
export { renderReportHtml } from './render-html.js';
