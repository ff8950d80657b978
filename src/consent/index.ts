// Offers: registration, revocation and lookup of members' signed consents (bound to the registering
// organisation's jurisdiction; minors through guardians), and the signed documents they reference.
// Keeps: the storage, the per-call limit, the documents' content and who uploaded them.
export { registerConsents, revokeConsents, validConsentIds } from './consents.js';
export type { Consent, ConsentInput } from './consents.js';
export { adultOn, consentCoverage } from './coverage.js';
export type { ConsentCoverage, CoveredPerson } from './coverage.js';
export { CONSENT_DOCUMENT_TYPES, DEFAULT_CONSENT_DOCUMENT_LIMITS, DOCUMENT_REUSE_PERSONS, readConsentDocument, storeConsentDocument } from './documents.js';
export type { ConsentDocumentLimits, ConsentDocumentRead, StoredConsentDocument } from './documents.js';
export { demoConsentForm } from './demo-form.js';
