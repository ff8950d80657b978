import { compactVerify, errors, importJWK, type CryptoKey, type JSONWebKeySet } from 'jose';
import { canonicalJson } from '../canonical/index.js';
import { REPORT_JWS_ALG, REPORT_JWS_TYP, sha256Hex } from './format.js';

/** Which check a report failed; see docs/SIGNING.md. */
export type ReportCheck = 'MALFORMED' | 'UNKNOWN_KEY' | 'ALGORITHM' | 'SIGNATURE' | 'NOT_CANONICAL';

export type ReportVerification =
  | { valid: true; kid: string; payload: unknown; payloadSha256: string }
  | { valid: false; check: ReportCheck; message: string };

/** Public-key algorithms only: with HS* anyone able to verify could sign, and `none` signs nothing. */
const ACCEPTED_ALGORITHMS: readonly string[] = [REPORT_JWS_ALG];
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays in the text (and fails JSON).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function fail(check: ReportCheck, message: string): ReportVerification {
  return { valid: false, check, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value taken from the token, quoted for a one-line message of bounded length. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Strict base64url: its alphabet, no padding, and zero unused trailing bits. Lenient decoders map
 * several strings to the same bytes, which would let an altered signature part still verify.
 */
function decodePart(part: string): Uint8Array | undefined {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

/** RFC 7515 4.1.9: typ compares case-insensitively and may omit "application/". */
function isType(typ: unknown, expected: string): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  return (lower.startsWith('application/') ? lower.slice('application/'.length) : lower) === expected;
}

function refuse(check: ReportCheck, message: string): { failed: ReportVerification } {
  return { failed: fail(check, message) };
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The verification key named by `kid`, or why there is none. */
async function publicKeyFor(kid: string, alg: string, jwks: unknown): Promise<{ key: CryptoKey } | { failed: ReportVerification }> {
  const keys: unknown = isRecord(jwks) ? jwks.keys : undefined;
  if (!Array.isArray(keys)) return refuse('UNKNOWN_KEY', 'the key set is not a JWKS (no "keys" array)');
  const matches = (keys as unknown[]).filter((key): key is Record<string, unknown> => isRecord(key) && key.kid === kid);
  const jwk = matches[0];
  if (jwk === undefined) return refuse('UNKNOWN_KEY', `key ${shown(kid)} is not in the key set`);
  if (matches.length > 1) return refuse('UNKNOWN_KEY', `the key set holds ${matches.length} keys with kid ${shown(kid)}; refusing to pick one`);
  if (jwk.use !== undefined && jwk.use !== 'sig') return refuse('UNKNOWN_KEY', `key ${shown(kid)} is not a signing key (use ${shown(jwk.use)})`);
  if (jwk.alg !== undefined && jwk.alg !== alg) return refuse('ALGORITHM', `key ${shown(kid)} is for ${shown(jwk.alg)}, the report says ${shown(alg)}`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    return refuse('ALGORITHM', `key ${shown(kid)} is not a P-256 public key, so it cannot check an ${alg} signature`);
  }
  try {
    // Public members only: a JWKS that wrongly carries `d` must not turn into a private key here.
    return { key: await importJWK({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, alg) };
  } catch {
    return refuse('UNKNOWN_KEY', `key ${shown(kid)} in the key set is not a valid P-256 public key`);
  }
}

async function verify(jws: unknown, jwks: unknown, expectedTyp: string): Promise<ReportVerification> {
  if (typeof jws !== 'string') return fail('MALFORMED', 'a report JWS must be a string');
  const parts = jws.split('.');
  if (parts.length !== 3) return fail('MALFORMED', `a compact JWS has 3 dot-separated parts, this has ${parts.length}`);
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
  const headerBytes = decodePart(encodedHeader);
  if (headerBytes === undefined || headerBytes.length === 0) return fail('MALFORMED', 'the protected header is not base64url');
  let header: unknown;
  try {
    header = JSON.parse(strictUtf8.decode(headerBytes));
  } catch {
    return fail('MALFORMED', 'the protected header is not UTF-8 JSON');
  }
  if (!isRecord(header)) return fail('MALFORMED', 'the protected header is not a JSON object');

  // The algorithm is checked before any key is looked up: `none` and HMAC (with the public key as
  // the secret) must never reach a key.
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string') return fail('MALFORMED', 'the protected header has no "alg"');
  if (!ACCEPTED_ALGORITHMS.includes(alg)) return fail('ALGORITHM', `alg ${shown(alg)} is not accepted; reports are signed with ${ACCEPTED_ALGORITHMS.join(', ')}`);
  if (!isType(typ, expectedTyp)) return fail('MALFORMED', `typ ${shown(typ)}: not a ${expectedTyp === REPORT_JWS_TYP ? 'verification report' : 'signed document of this kind'} (expected "${expectedTyp}")`);
  // b64=false would sign raw payload bytes and crit demands extensions; reports use neither.
  if ('crit' in header || 'b64' in header) return fail('MALFORMED', 'the protected header uses "crit" or "b64", which reports never do');
  if (decodePart(encodedPayload) === undefined) return fail('MALFORMED', 'the payload is not base64url');
  if (decodePart(encodedSignature) === undefined || encodedSignature === '') return fail('MALFORMED', 'the signature is not base64url');

  if (typeof kid !== 'string' || kid === '') return fail('UNKNOWN_KEY', 'the protected header names no key ("kid")');
  const found = await publicKeyFor(kid, alg, jwks);
  if ('failed' in found) return found.failed;

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, found.key, { algorithms: [...ACCEPTED_ALGORITHMS] }));
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) return fail('SIGNATURE', `the signature does not match the header and payload under key ${shown(kid)}`);
    if (err instanceof errors.JOSEAlgNotAllowed) return fail('ALGORITHM', `alg ${shown(alg)} is not accepted`);
    return fail('MALFORMED', err instanceof Error ? err.message : String(err));
  }

  // Authentic bytes; now they must be the one canonical serialisation of a JSON value, so that the
  // signature, the hash and the value are in one-to-one correspondence.
  let value: unknown;
  let canonical: string;
  try {
    value = JSON.parse(strictUtf8.decode(payload));
  } catch {
    return fail('NOT_CANONICAL', 'the payload is not UTF-8 JSON');
  }
  try {
    canonical = canonicalJson(value);
  } catch (err) {
    // e.g. 1e400, which parses to Infinity; or nesting too deep to serialise.
    return fail('NOT_CANONICAL', `the payload has no canonical form: ${err instanceof Error ? err.message : String(err)}`);
  }
  const canonicalBytes = Buffer.from(canonical, 'utf8');
  if (!canonicalBytes.equals(payload)) {
    return fail('NOT_CANONICAL', `the payload is JSON but not canonical JSON (RFC 8785): it departs from its canonical form at byte ${firstDifference(payload, canonicalBytes)}`);
  }
  return { valid: true, kid, payload: value, payloadSha256: sha256Hex(payload) };
}

/**
 * Verifies a report JWS offline against a key set. Never throws: any input, however broken, gives
 * `{ valid: false, check, message }`. Only ES256 is accepted; the header's kid must be in `jwks`.
 */
export async function verifyReportJws(jws: string, jwks: JSONWebKeySet, expectedTyp: string = REPORT_JWS_TYP): Promise<ReportVerification> {
  try {
    return await verify(jws, jwks, expectedTyp);
  } catch (err) {
    // Unforeseen input (the checks above are meant to catch everything): still an answer, not a throw.
    return fail('MALFORMED', `could not be verified: ${err instanceof Error ? err.message : String(err)}`);
  }
}
