import { decodeJwt } from 'jose';
import { maskIdNumbersIn } from '../identity/index.js';
import { findRegion } from '../regions/index.js';
import { printable } from '../validation/index.js';

/** Longest detail kept: enough for an error message, too short to carry a payload. */
export const DETAIL_MAX = 200;
const LABEL_MAX = 64;

// graphql-js echoes the offending value after these words ("got invalid value {...}; ...",
// "found \"abc\"", "non-integer value: 5"): the value is the caller's data and is dropped.
const ECHOED_VALUE = /\b(got invalid value|value:?|found)\s+(?!of type)[^;]*?(?=;|\sat\s"|$)/g;
// Han characters are never part of a field, type or code name: only of a value (a name, an address).
const HAN = /\p{Script=Han}+/gu;

/**
 * A message fit for the security log: values echoed from the request dropped, Han text dropped,
 * ID-number-shaped runs masked (src/identity), control characters replaced, at most DETAIL_MAX.
 * Never the query's variables themselves: doors pass a message, not the request.
 */
export function safeDetail(message: string | null | undefined): string | null {
  if (!message) return null;
  const text = maskIdNumbersIn(String(message).slice(0, 4 * DETAIL_MAX)).replace(ECHOED_VALUE, '$1 …').replace(HAN, '…');
  return printable(text, DETAIL_MAX);
}

/** A short label (a door, a subject, an address), masked like a detail: Han text dropped, ID numbers masked. */
export function safeLabel(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return printable(maskIdNumbersIn(value.slice(0, 4 * LABEL_MAX)).replace(HAN, '…'), LABEL_MAX);
}

/**
 * What a refused bearer token claims (sub, org), decoded WITHOUT verifying it: only to label the
 * row so an auditor can see which account a flood of expired tokens was for. A forger chooses
 * these claims freely, so they are stored apart from verified actors and never used to decide.
 */
export function claimedIdentity(authorization: string | null | undefined): { claimedSub: string | null; claimedOrg: string | null } {
  const token = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (!token) return { claimedSub: null, claimedOrg: null };
  try {
    const claims = decodeJwt(token);
    const org = typeof claims.org === 'string' && findRegion(claims.org) ? claims.org : null;
    return { claimedSub: safeLabel(claims.sub), claimedOrg: org };
  } catch {
    return { claimedSub: null, claimedOrg: null };
  }
}
