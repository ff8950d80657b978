// Offers: bearer token verification (several issuers), roles and callers, the development key pair and tokens, and the AUTH_* settings.
// Keeps: JWKS fetching and caching, the algorithm allow-list and the checks on each claim.
export { isRole, ROLES, storedCaller } from './roles.js';
export type { Role, Caller } from './roles.js';
export { AUTH_FAILURE_REASONS, createTokenVerifier } from './token-verifier.js';
export type { AuthFailureReason, AuthOptions, TokenVerifier } from './token-verifier.js';
export { DEV_ISSUER, DEV_AUDIENCE, devKeysDir, ensureDevKeys, signDevToken } from './dev-keys.js';
export type { DevKeys } from './dev-keys.js';
export { AUTH_ENV_DOC, authOptionsFromEnv } from './auth-config.js';
