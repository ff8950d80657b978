export { ROLES, isRole, storedCaller } from './roles.js';
export type { Role, Caller } from './roles.js';
export { ASYMMETRIC_ALGORITHMS, createTokenVerifier } from './token-verifier.js';
export type { AuthOptions, TokenVerifier, TrustedIssuer } from './token-verifier.js';
export { DEV_ISSUER, DEV_AUDIENCE, DEFAULT_DEV_KEYS_DIR, devKeysDir, ensureDevKeys, signDevToken } from './dev-keys.js';
export type { DevKeys, DevTokenClaims } from './dev-keys.js';
export { AUTH_ENV_DOC, authOptionsFromEnv } from './auth-config.js';
