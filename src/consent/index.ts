// Offers: registration, revocation and lookup of members' signed consents.
// Keeps: the storage and the per-call limit.
export { registerConsents, revokeConsents, findConsents, validConsentIds } from './consents.js';
export type { Consent, ConsentInput } from './consents.js';
