import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../errors/index.js';
import { HubError } from '../errors/index.js';
import { findRegion } from '../regions/index.js';
import { isRole, ROLES, type Caller } from './roles.js';

/**
 * Signature algorithms a verifier may be configured with. Public-key only: with a shared secret
 * (HS*) anyone able to verify could also mint tokens, and `none` is no signature at all.
 */
export const ASYMMETRIC_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

export interface TrustedIssuer {
  issuer: string;
  jwks: { file: string } | { url: string };
}

export interface AuthOptions {
  issuers: TrustedIssuer[];
  audience: string;
  /** Explicit allow-list; every entry must be in ASYMMETRIC_ALGORITHMS. */
  algorithms: string[];
  clockToleranceSec: number;
}

export interface TokenVerifier {
  /** Resolves with the caller of a valid `Authorization: Bearer <jwt>` header; otherwise throws HubError UNAUTHENTICATED. */
  verify(authorization: string | undefined): Promise<Caller>;
}

/**
 * Why a token was refused, in `extensions.reason` of the UNAUTHENTICATED error (for the security
 * log; the door's answer to the client stays the same for every reason).
 */
export const AUTH_FAILURE_REASONS = ['MISSING', 'MALFORMED', 'FORGED', 'UNTRUSTED_ISSUER', 'EXPIRED', 'NOT_YET_VALID', 'INVALID_CLAIMS'] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

function refuse(message: string, reason: AuthFailureReason = 'INVALID_CLAIMS'): never {
  throw new HubError('UNAUTHENTICATED', message, { reason });
}

function keySetFor({ issuer, jwks }: TrustedIssuer): JWTVerifyGetKey {
  const source = 'url' in jwks ? `JWKS URL ${JSON.stringify(jwks.url)}` : `JWKS file ${JSON.stringify(jwks.file)}`;
  try {
    // jose caches the remote set and refetches it on an unknown `kid` (rate-limited).
    if ('url' in jwks) return createRemoteJWKSet(new URL(jwks.url));
    // Read once: a missing or broken key file should stop startup, not fail every request.
    return createLocalJWKSet(JSON.parse(readFileSync(jwks.file, 'utf8')));
  } catch (err) {
    throw new ConfigError([`${source} of issuer ${JSON.stringify(issuer)}: ${(err as Error).message}`]);
  }
}

/** Translates jose's refusals into messages safe to show a caller; anything else (e.g. JWKS fetch failure) is ours and propagates. */
function refusalFor(err: unknown): never {
  if (err instanceof errors.JWTExpired) refuse('token expired', 'EXPIRED');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') refuse('token not yet valid', 'NOT_YET_VALID');
    if (err.claim === 'aud') refuse('token has the wrong audience');
    if (err.reason === 'missing') refuse(`token lacks the "${err.claim}" claim`);
    refuse(`token claim "${err.claim}" is invalid`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) refuse('token signing algorithm not allowed', 'FORGED');
  if (err instanceof errors.JWSSignatureVerificationFailed) refuse('token signature invalid', 'FORGED');
  if (err instanceof errors.JWKSNoMatchingKey) refuse('token signing key not found', 'FORGED');
  if (err instanceof errors.JWKSMultipleMatchingKeys) refuse('token signing key is ambiguous', 'FORGED');
  // JOSENotSupported: an unrecognised `crit` header, which a caller controls.
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) refuse('malformed token', 'MALFORMED');
  throw err;
}

function callerFrom(payload: JWTPayload, issuer: string): Caller {
  const { sub, org, roles, jti } = payload;
  if (typeof sub !== 'string' || sub.trim() === '') refuse('token claim "sub" must be a non-empty string');
  if (typeof org !== 'string' || !findRegion(org)) refuse('token claim "org" must be a known region code');
  if (!Array.isArray(roles) || roles.length === 0) refuse('token claim "roles" must be a non-empty array');
  const known = roles.filter(isRole);
  if (known.length !== roles.length) refuse(`token claim "roles" has unknown role(s) (known: ${ROLES.join(', ')})`);
  return { sub, org, roles: [...new Set(known)], issuer, tokenId: typeof jti === 'string' ? jti : null };
}

/**
 * Tokens verified recently, by their whole text (a token differing in one byte of its signature
 * is another key), with the caller they carry and how long that holds: the expiry and not-before
 * claims (with the clock tolerance), and at most VERIFIED_KEPT_MS, so a key withdrawn from an
 * issuer's JWKS stops admitting its tokens within a minute. An assistance system sends the same
 * token with every request; checking its ES256 signature each time cost half a millisecond of a
 * report read (issue 15).
 */
const VERIFIED_KEPT_MS = 60_000;
const VERIFIED_MAX = 1_000;

interface Verified {
  caller: Caller;
  /** Milliseconds since the epoch from which, and until which, the token is accepted. */
  from: number;
  until: number;
}

function rememberVerified(kept: Map<string, Verified>, token: string, caller: Caller, payload: JWTPayload, toleranceMs: number): void {
  const now = Date.now();
  // exp is required (verifyOptions); nbf optional.
  const until = Math.min((payload.exp ?? 0) * 1000 + toleranceMs, now + VERIFIED_KEPT_MS);
  const from = payload.nbf === undefined ? 0 : payload.nbf * 1000 - toleranceMs;
  if (kept.size >= VERIFIED_MAX) kept.delete(kept.keys().next().value!);
  kept.set(token, { caller, from, until });
}

function stillVerified(kept: Map<string, Verified>, token: string): Caller | null {
  const v = kept.get(token);
  if (!v) return null;
  const now = Date.now();
  if (now >= v.from && now < v.until) return v.caller;
  kept.delete(token);
  return null;
}

export function createTokenVerifier(options: AuthOptions): TokenVerifier {
  const problems: string[] = [];
  for (const alg of options.algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) {
      problems.push(`algorithm ${JSON.stringify(alg)}: not an asymmetric JWS algorithm (allowed: ${ASYMMETRIC_ALGORITHMS.join(', ')})`);
    }
  }
  if (options.algorithms.length === 0) problems.push('algorithms: at least one is required');
  if (options.issuers.length === 0) problems.push('issuers: at least one is required');
  if (new Set(options.issuers.map((i) => i.issuer)).size !== options.issuers.length) problems.push('issuers: an issuer is listed twice');
  if (problems.length > 0) throw new ConfigError(problems);

  const keySets = new Map(options.issuers.map((i) => [i.issuer, keySetFor(i)]));
  const verified = new Map<string, Verified>();
  const verifyOptions = {
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance: options.clockToleranceSec,
    requiredClaims: ['exp', 'sub'],
  };

  return {
    async verify(authorization) {
      if (authorization === undefined || authorization.trim() === '') refuse('missing Authorization header', 'MISSING');
      // RFC 9110: the scheme name is case-insensitive.
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      if (!match) refuse('Authorization header is not a Bearer token', 'MALFORMED');
      const token = match[1] ?? '';
      const caller = stillVerified(verified, token) ?? (await verifyToken(token));
      // A copy: callers never share one object.
      return { ...caller, roles: [...caller.roles] };
    },
  };

  /** Checks a token's signature and claims (jose) and remembers it verified. */
  async function verifyToken(token: string): Promise<Caller> {
    let issuer: unknown;
    try {
      // Unverified, used only to pick the key set; jwtVerify checks `iss` again against that choice.
      issuer = decodeJwt(token).iss;
    } catch {
      refuse('malformed token', 'MALFORMED');
    }
    const keySet = typeof issuer === 'string' ? keySets.get(issuer) : undefined;
    if (typeof issuer !== 'string' || !keySet) refuse('unknown token issuer', 'UNTRUSTED_ISSUER');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { ...verifyOptions, issuer }));
    } catch (err) {
      refusalFor(err);
    }
    const caller = callerFrom(payload, issuer);
    rememberVerified(verified, token, caller, payload, options.clockToleranceSec * 1000);
    return caller;
  }
}
