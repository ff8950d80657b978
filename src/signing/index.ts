export { REPORT_JWS_ALG, REPORT_JWS_TYP, REPORT_JWS_CTY } from './format.js';
export type { SignedReport, PublicReportJwk } from './format.js';
export { DEFAULT_REPORT_KEYS_DIR, reportKeysDir, openReportKeyRing, rotateReportKey } from './key-ring.js';
export type { ReportKeyRing } from './key-ring.js';
export { verifyReportJws } from './verify.js';
export type { ReportCheck, ReportVerification } from './verify.js';
