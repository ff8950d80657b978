// The verification use case: admit -> plan -> fetch -> assemble -> persist -> schedule pending, for one
// household or a batch chunk, and reading a report. Keeps its stages; the tables it writes are verification_requests only.
export { createVerificationService } from './service.js';
export type { VerificationService } from './service.js';
export type { BatchItemKey, WantedFields } from './options.js';
export { RELATIONS, MAX_MEMBERS, MAX_SUPPORTERS } from './input.js';
export type { VerificationInput } from './input.js';
export { purgeDeclarations, sealLegacyDeclarations } from './declaration.js';
