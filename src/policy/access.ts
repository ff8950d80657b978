import type { Caller, Role } from '../auth/index.js';
import { HubError } from '../errors/index.js';

/** What a caller may ask the hub to do; each operation names the roles allowed to do it. */
export const OPERATION_ROLES = {
  readCatalog: ['verifier', 'assistance-system', 'auditor', 'admin'],
  registerConsents: ['verifier', 'assistance-system'],
  requestVerification: ['verifier', 'assistance-system'],
  // Reports carry attribute values: auditors and admins see the audit trail, never the values.
  readReport: ['verifier', 'assistance-system'],
  readAudit: ['auditor'],
  // Running the anomaly rules now (they also run on an interval) reveals nothing: admins may trigger it too.
  runAuditFindings: ['auditor', 'admin'],
  readPolicy: ['verifier', 'assistance-system', 'auditor', 'admin'],
  managePolicy: ['admin'],
  // The queue dashboard shows every organisation's jobs: platform-wide roles only (a province-level
  // admin may look too, requireQueueDashboard); changing a queue needs queue-operator explicitly.
  viewQueues: ['platform-admin', 'queue-operator'],
  operateQueues: ['queue-operator'],
  // Internal hosts an organisation's webhooks may reach (docs/CHANGES.md, Webhook targets).
  manageWebhookTargets: ['admin'],
  // Objections (复核): raised by those who verify; decided by an authorised reviewer (the role
  // reviewer), never the one who raised it (four eyes, src/objections).
  raiseObjection: ['verifier', 'assistance-system'],
  reviewObjection: ['reviewer'],
} as const satisfies Record<string, readonly Role[]>;
export type Operation = keyof typeof OPERATION_ROLES;

function mayPerform(caller: Caller, operation: Operation): boolean {
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
 * The queue dashboard (/admin/queues): looking needs `viewQueues` or an admin of a province-level
 * organisation (xx0000; a city or county admin would see other provinces' jobs); pausing,
 * cleaning, retrying, promoting or removing needs `operateQueues`, whoever the caller is.
 */
export function requireQueueDashboard(caller: Caller, write: boolean): void {
  if (write) return requireRole(caller, 'operateQueues');
  if (caller.roles.includes('admin') && /^\d{2}0000$/.test(caller.org)) return;
  if (!mayPerform(caller, 'viewQueues')) {
    throw new HubError('FORBIDDEN', `the queue dashboard needs one of the roles ${OPERATION_ROLES.viewQueues.join(', ')}, or admin of a province-level organisation (xx0000); the token has ${caller.roles.join(', ')} for ${caller.org}`);
  }
}
