export { registerConsents, revokeConsents, findConsents, MAX_CONSENTS_PER_CALL } from './consents.js';
export type { Consent, ConsentInput } from './consents.js';
