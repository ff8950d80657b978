import type { Caller, Role } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { findRegion, isWithinJurisdiction } from '../regions/index.js';

/** What a caller may ask the hub to do; each operation names the roles allowed to do it. */
export const OPERATION_ROLES = {
  readCatalog: ['verifier', 'assistance-system', 'auditor', 'admin'],
  registerConsents: ['verifier', 'assistance-system'],
  requestVerification: ['verifier', 'assistance-system'],
  // Reports carry attribute values: auditors and admins see the audit trail, never the values.
  readReport: ['verifier', 'assistance-system'],
  readAudit: ['auditor'],
  readPolicy: ['verifier', 'assistance-system', 'auditor', 'admin'],
  managePolicy: ['admin'],
  manageQueues: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Operation = keyof typeof OPERATION_ROLES;

export function mayPerform(caller: Caller, operation: Operation): boolean {
  const allowed: readonly Role[] = OPERATION_ROLES[operation];
  return caller.roles.some((r) => allowed.includes(r));
}

/** Throws FORBIDDEN unless one of the caller's roles may perform the operation. */
export function requireRole(caller: Caller, operation: Operation): void {
  if (!mayPerform(caller, operation)) {
    throw new HubError('FORBIDDEN', `${operation} needs one of the roles ${OPERATION_ROLES[operation].join(', ')}; the token has ${caller.roles.join(', ')}`);
  }
}

/**
 * A caller works inside its organisation's region: a county sees its county, a city its counties,
 * a province its cities (codes nest by prefix, GB/T 2260).
 */
export function requireJurisdiction(caller: Caller, regionCode: string, field: string): void {
  // Only known 6-digit codes: a longer or unknown code could pass the prefix test and widen the scope.
  if (!/^\d{6}$/.test(regionCode) || !findRegion(regionCode)) {
    throw new HubError('BAD_USER_INPUT', `${field}: unknown region code ${JSON.stringify(regionCode)}`, { field });
  }
  if (!isWithinJurisdiction(caller.org, regionCode)) {
    throw new HubError('OUT_OF_JURISDICTION', `region ${regionCode} is outside the jurisdiction of organisation region ${caller.org}`, { field });
  }
}
