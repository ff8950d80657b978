import type { GraphQLResolveInfo } from 'graphql';
import { auditRefusal } from '../../audit/index.js';
import type { Caller } from '../../auth/index.js';
import { regionOfHousehold, regionOfReport } from '../../households/index.js';
import { regionOfObjection } from '../../objections/index.js';
import { HubError } from '../../errors/index.js';
import { requireRole, type Operation } from '../../policy/index.js';
import type { QuotaKind } from '../../quotas/index.js';
import { findRegion } from '../../regions/index.js';
import type { HubContext } from '../context.js';
import { checkArguments } from './arguments.js';
import type { ResolverDeps } from './deps.js';

/** What a field needs (the roles of an operation) and the action its audit events carry. */
export interface Guard {
  operation: Operation;
  action: string;
  /**
   * The service checks the role and audits its own refusals, with more than the guard knows
   * (requestVerification: the REFUSED request row, the members as subjects).
   */
  checkedBy?: 'service';
  /** The organisation quota the field spends (src/quotas), once its role is allowed. */
  quota?: QuotaKind;
}

/** Every Query and Mutation field of the schema (federation's `_entities` included). */
export const GUARDS = {
  attributeCatalog: { operation: 'readCatalog', action: 'catalog.read' },
  sources: { operation: 'readCatalog', action: 'catalog.read' },
  verificationReport: { operation: 'readReport', action: 'report.read' },
  // Earlier signed versions carry the values a read releases: the same roles, audited as report.versions.
  reportVersions: { operation: 'readReport', action: 'report.versions' },
  verifyReport: { operation: 'readPolicy', action: 'report.verify-signature' },
  household: { operation: 'readReport', action: 'household.read' },
  rankedHouseholds: { operation: 'readReport', action: 'households.rank' },
  // The console's search by a member's ID number or the household's reference (the number masked in the audit event).
  findHouseholds: { operation: 'readReport', action: 'households.search' },
  _entities: { operation: 'readReport', action: 'entity.read' },
  auditEvents: { operation: 'readAudit', action: 'audit.read' },
  auditChain: { operation: 'readAudit', action: 'audit.verify-chain' },
  // The security log (src/security-log): refusals before any data was touched, for auditors.
  securityEvents: { operation: 'readAudit', action: 'security-log.read' },
  auditCheckpoints: { operation: 'readAudit', action: 'audit.checkpoints' },
  auditOpenAccesses: { operation: 'readAudit', action: 'audit.open-accesses' },
  batch: { operation: 'readReport', action: 'batch.read' },
  batchResults: { operation: 'readReport', action: 'batch.results' },
  reviewSchedules: { operation: 'readPolicy', action: 'review.list' },
  changes: { operation: 'readReport', action: 'changes.read' },
  webhookSubscriptions: { operation: 'readReport', action: 'webhook.list' },
  webhookDeliveries: { operation: 'readReport', action: 'webhook.deliveries' },
  policy: { operation: 'readPolicy', action: 'policy.read' },
  policyVersions: { operation: 'readPolicy', action: 'policy.versions' },
  registerConsents: { operation: 'registerConsents', action: 'consent.register' },
  revokeConsents: { operation: 'registerConsents', action: 'consent.revoke' },
  requestVerification: { operation: 'requestVerification', action: 'verification.request', checkedBy: 'service', quota: 'verification' },
  retrySources: { operation: 'requestVerification', action: 'verification.retry-sources', quota: 'verification' },
  savePolicy: { operation: 'managePolicy', action: 'policy.save' },
  // Roles of requestVerification (verifier, assistance-system): those who verify and give assistance record it.
  recordAssistance: { operation: 'requestVerification', action: 'assistance.record' },
  submitBatch: { operation: 'requestVerification', action: 'batch.submit', quota: 'batch' },
  cancelBatch: { operation: 'requestVerification', action: 'batch.cancel' },
  scheduleReview: { operation: 'managePolicy', action: 'review.schedule' },
  pauseReviewSchedule: { operation: 'managePolicy', action: 'review.pause' },
  resumeReviewSchedule: { operation: 'managePolicy', action: 'review.resume' },
  deleteReviewSchedule: { operation: 'managePolicy', action: 'review.delete' },
  subscribeWebhook: { operation: 'readReport', action: 'webhook.subscribe' },
  unsubscribeWebhook: { operation: 'readReport', action: 'webhook.unsubscribe' },
  webhookAllowedHosts: { operation: 'manageWebhookTargets', action: 'webhook.allowed-hosts' },
  allowWebhookHost: { operation: 'manageWebhookTargets', action: 'webhook.allow-host' },
  disallowWebhookHost: { operation: 'manageWebhookTargets', action: 'webhook.disallow-host' },
  // Objections (复核): raised by those who verify, decided by a reviewer other than the one who raised it (four eyes, src/objections).
  objections: { operation: 'readReport', action: 'objection.list' },
  raiseObjection: { operation: 'raiseObjection', action: 'objection.raise' },
  reviewObjection: { operation: 'reviewObjection', action: 'objection.review' },
  // Anomaly findings (src/audit-findings): read and reviewed by auditors; thresholds and account identities set by admins.
  auditFindings: { operation: 'readAudit', action: 'audit.findings' },
  reviewAuditFinding: { operation: 'readAudit', action: 'audit.finding-review' },
  runAuditFindings: { operation: 'runAuditFindings', action: 'audit.findings-run' },
  registerAuditActor: { operation: 'managePolicy', action: 'audit.register-actor' },
  saveAuditFindingParameters: { operation: 'managePolicy', action: 'audit.finding-parameters' },
  // An audit office's webhooks for new findings (kind AUDIT_FINDING), apart from the change subscriptions of the same organisation.
  auditFindingSubscriptions: { operation: 'readAudit', action: 'audit.findings-webhook-list' },
  subscribeAuditFindings: { operation: 'readAudit', action: 'webhook.subscribe' },
  unsubscribeAuditFindings: { operation: 'readAudit', action: 'webhook.unsubscribe' },
} as const satisfies Record<string, Guard>;
export type GuardedField = keyof typeof GUARDS;

/** Fields open to anyone: federation's `_service` returns the SDL, as introspection would. */
export const UNGUARDED: readonly string[] = ['_service'];

/**
 * Fields whose `id` argument is a household's; `householdId` names one wherever it appears. An
 * `_entities` reference's `id` is a household's or a person's: a person's finds no household, so
 * only a refused household reference carries a region.
 */
const HOUSEHOLD_ID_FIELDS: readonly GuardedField[] = ['household', '_entities'];

/**
 * The region a refused request was about, so that region's auditors see the attempt: a known
 * `regionCode` argument, else the household of the objection, household or report the arguments
 * name (a foreign verifier's refused read is visible to the report region's auditors). Batches
 * span regions and have none.
 */
async function regionOf(db: ResolverDeps['db'], field: GuardedField, args: unknown): Promise<string | null> {
  const a = args as { regionCode?: unknown; householdId?: unknown; objectionId?: unknown; id?: unknown } | null;
  if (typeof a?.regionCode === 'string' && findRegion(a.regionCode)) return a.regionCode;
  if (a?.objectionId !== undefined) return regionOfObjection(db, a.objectionId);
  const household = a?.householdId ?? (HOUSEHOLD_ID_FIELDS.includes(field) ? a?.id : undefined);
  if (household !== undefined) return regionOfHousehold(db, household);
  const report = reportOf(field, args);
  return report === undefined ? null : regionOfReport(db, report);
}

/** Fields whose `id` argument is a report's (elsewhere `id` names a batch, a household, a webhook...). */
const REPORT_ID_FIELDS: readonly GuardedField[] = ['verificationReport'];

/** The report a request named: its `reportId` argument, or the `id` of a field that reads a report. */
function reportOf(field: GuardedField, args: unknown): unknown {
  const a = args as { reportId?: unknown; id?: unknown } | null;
  return a?.reportId ?? (REPORT_ID_FIELDS.includes(field) ? a?.id : undefined);
}

/**
 * Runs `run` for the field's caller once the role allows it; any HubError refusal (role,
 * jurisdiction, input) is audited the same way and rethrown. Without a valid token there is no
 * actor: UNAUTHENTICATED leaves `ctx.caller()` unaudited.
 */
export async function runGuarded<T>(field: GuardedField, deps: Pick<ResolverDeps, 'db' | 'quotas'>, ctx: HubContext, args: unknown, body: (caller: Caller) => Promise<T> | T): Promise<T> {
  const caller = await ctx.caller();
  const guard: Guard = GUARDS[field];
  const quotas = deps.quotas;
  const quota = guard.quota;
  const run = quotas && quota ? (c: Caller) => quotas.around(quota, c, `graphql ${field}`, async () => body(c)) : body;
  // The service checks its input's strings itself, so that the refusal is recorded its way (admit.ts).
  if (guard.checkedBy === 'service') return run(caller);
  try {
    requireRole(caller, guard.operation);
    checkArguments(args);
    return await run(caller);
  } catch (err) {
    // A quota refusal is audited by src/quotas, once a minute per caller: a flood cannot fill the log.
    if (err instanceof HubError && err.extensions.code !== 'RATE_LIMITED') await auditRefusal(deps.db, { action: guard.action, actor: caller, error: err, regionCode: await regionOf(deps.db, field, args), via: `graphql ${field}`, reportId: reportOf(field, args) });
    throw err;
  }
}

/** A Query or Mutation resolver for `field`, its body run by `runGuarded`. */
export function guarded<A, T>(field: GuardedField, deps: Pick<ResolverDeps, 'db' | 'quotas'>, body: (caller: Caller, args: A, ctx: HubContext, info: GraphQLResolveInfo) => Promise<T> | T) {
  return (_parent: unknown, args: A, ctx: HubContext, info: GraphQLResolveInfo): Promise<T> => runGuarded(field, deps, ctx, args, (caller) => body(caller, args, ctx, info));
}

/** The action a field's allowed events carry (the same as its refusals'). */
export function actionOf(field: GuardedField): string {
  return GUARDS[field].action;
}
