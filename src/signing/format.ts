import { createHash } from 'node:crypto';
import type { JWK } from 'jose';

/** The only signing algorithm: small signatures, keys that WebCrypto everywhere supports. */
export const REPORT_JWS_ALG = 'ES256';
/** Explicit type (RFC 8725 section 3.11), so that no other JWS signed with a report key passes as a report. */
export const REPORT_JWS_TYP = 'verification-report+jws';
export const REPORT_JWS_CTY = 'application/json';

/** A signed report: the compact JWS, the key that signed it and the SHA-256 (hex) of the signed bytes. */
export interface SignedReport {
  /** The compact JWS, made on first use (a getter: copy it with Object.assign, not a spread, to keep it lazy). */
  readonly jws: string;
  /** The same JWS without its payload (RFC 7515 appendix F: `header..signature`), as a store keeps it. */
  detachedJws: string;
  kid: string;
  payloadSha256: string;
  /** The signed bytes (the canonical JSON), for whoever stores them: serialised once. */
  payload: Buffer;
}

/** The public members of a P-256 key as published in a JWKS. */
export interface PublicReportJwk extends JWK {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: typeof REPORT_JWS_ALG;
  use: 'sig';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
