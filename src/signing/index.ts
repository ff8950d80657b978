// Offers: the report signing key ring (open, rotate), the signed report format and offline verification of a report JWS.
// Keeps: the key files' layout and the JWS header checks.
export { REPORT_JWS_TYP } from './format.js';
export type { SignedReport } from './format.js';
export { reportKeysDir, openReportKeyRing, rotateReportKey } from './key-ring.js';
export type { ReportKeyRing } from './key-ring.js';
export { verifyReportJws } from './verify.js';
export { readJwks, readText, UsageError } from './cli-files.js';
