import { isRole, ROLES, type Caller, type Role } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { findRegion } from '../regions/index.js';

/**
 * How an identity provider's claims become the hub's caller: which claim holds the roles and which
 * the organisation's region code, and (optionally) how the provider's group names map to roles.
 */
export interface ClaimMapping {
  /** Claim holding the roles: an array of strings, or one string separated by spaces or commas. */
  rolesClaim: string;
  /** Claim holding the 6-digit region code (GB/T 2260) of the person's organisation. */
  orgClaim: string;
  /**
   * Provider value -> hub role. Empty: the values must be hub roles, and an unknown one refuses the
   * sign-in (as for bearer tokens: a typo at the provider should show, not quietly change rights).
   * Set: only mapped values count and others are ignored (a provider's groups name many other things).
   */
  roleMap: Record<string, Role>;
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = { rolesClaim: 'roles', orgClaim: 'org', roleMap: {} };

function refuse(message: string): never {
  throw new HubError('UNAUTHENTICATED', message, { reason: 'INVALID_CLAIMS' });
}

function claimValues(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return null;
}

function rolesFrom(value: unknown, mapping: ClaimMapping): Role[] {
  const values = claimValues(value);
  if (values === null || values.length === 0) refuse(`sign-in claim "${mapping.rolesClaim}" must be a non-empty list of roles`);
  const mapped = Object.keys(mapping.roleMap).length > 0;
  const roles = mapped ? values.flatMap((v) => (mapping.roleMap[v] ? [mapping.roleMap[v]] : [])) : values.filter(isRole);
  if (!mapped && roles.length !== values.length) refuse(`sign-in claim "${mapping.rolesClaim}" has unknown role(s) (known: ${ROLES.join(', ')})`);
  if (roles.length === 0) refuse(`sign-in claim "${mapping.rolesClaim}" grants no role of the hub (OIDC_ROLE_MAP maps none of its values)`);
  return [...new Set(roles)];
}

/** A person as the identity provider describes them, mapped to the hub's caller, or refused (UNAUTHENTICATED, INVALID_CLAIMS). */
export interface SignedInPerson {
  caller: Omit<Caller, 'tokenId'>;
  /** Display name (`name`, else `preferred_username`), for the console's header only. */
  name: string | null;
}

/**
 * The one place claims become a caller: `sub` from the ID token, roles and organisation from the
 * mapped claims (ID token and UserInfo merged by the caller of this function). The same checks as
 * a bearer token's: non-empty sub, a known region code, known roles only.
 */
export function personFromClaims(claims: Record<string, unknown>, issuer: string, mapping: ClaimMapping): SignedInPerson {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.trim() === '') refuse('sign-in claim "sub" must be a non-empty string');
  const org = claims[mapping.orgClaim];
  if (typeof org !== 'string' || !findRegion(org)) refuse(`sign-in claim "${mapping.orgClaim}" must be a known region code`);
  const roles = rolesFrom(claims[mapping.rolesClaim], mapping);
  const name = typeof claims.name === 'string' ? claims.name : typeof claims.preferred_username === 'string' ? claims.preferred_username : null;
  return { caller: { sub, org, roles, issuer }, name };
}
