export { createVerificationService } from './service.js';
export type { PendingPoll, PendingQueue, ReportSigner, StoredReport, VerificationOptions, VerificationService, WantedFields } from './service.js';
export { validateVerification, MAX_MEMBERS, RELATIONS } from './input.js';
export type { VerificationInput } from './input.js';
