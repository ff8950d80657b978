// Offers: console sign-in over OpenID Connect (authorization code + PKCE, openid-client), the mapping of a provider's claims to the hub's caller, server-side sessions with idle and absolute time-outs, and the OIDC_*/SESSION_* settings.
// Keeps: the relying party's discovery cache, the session keys in Redis (hashed tokens) and the claim checks.
export { DEFAULT_CLAIM_MAPPING, personFromClaims } from './claims.js';
export type { ClaimMapping, SignedInPerson } from './claims.js';
export { createRelyingParty } from './relying-party.js';
export type { RelyingParty, RelyingPartyOptions, SignInTransaction } from './relying-party.js';
export { createSessionStore, sessionId } from './sessions.js';
export type { Session, SessionStore, SessionTimeouts } from './sessions.js';
export { SIGN_IN_ENV_DOC, signInOptionsFromEnv } from './config.js';
export type { SignInOptions, SignInProvider } from './config.js';
