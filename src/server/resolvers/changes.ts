import { recordAuditEvents } from '../../audit/index.js';
import { listChanges } from '../../changes/index.js';
import { HubError } from '../../errors/index.js';
import { externalRefs, idNumbers } from '../../households/index.js';
import { requireJurisdiction } from '../../policy/index.js';
import { deleteReviewSchedule, listReviewSchedules, scheduleReview, setReviewScheduleActive } from '../../reviews/index.js';
import { DELIVERY_STATUSES, listDeliveries, listSubscriptions, subscribe, unsubscribe, type DeliveryStatus } from '../../webhooks/index.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded } from './guard.js';
import { instant } from './inputs.js';
import { personView } from './views/report.js';

interface ChangesArgs {
  regionCode: string;
  since: string;
  first: number;
  after?: string | null;
}

function changes(deps: ResolverDeps) {
  return guarded('changes', deps, async (caller, args: ChangesArgs) => {
    requireJurisdiction(caller, args.regionCode, 'regionCode');
    const since = instant(args.since, 'since');
    if (!since) throw new HubError('BAD_USER_INPUT', 'since: required, ISO 8601', { field: 'since' });
    const page = await listChanges(deps.db, args.regionCode, since, args.first, args.after ?? null);
    await recordAuditEvents(deps.db, [{ action: actionOf('changes'), outcome: 'ALLOWED', actor: caller, regionCode: args.regionCode, details: { since: args.since, returned: page.events.length } }]);
    const refs = await externalRefs(deps.db, page.events.map((e) => e.householdId));
    const numbers = await idNumbers(deps.db, page.events.flatMap((e) => (e.personId ? [e.personId] : [])));
    return {
      ...page,
      events: page.events.map((e) => ({
        ...e,
        household: { id: e.householdId, regionCode: e.regionCode, externalRef: refs.get(e.householdId) ?? '' },
        person: e.personId && numbers.has(e.personId) ? personView(e.personId, numbers.get(e.personId)!) : null,
      })),
    };
  });
}

function reviewSchedules(deps: ResolverDeps) {
  return guarded('reviewSchedules', deps, (caller, args: { regionCode: string }) => {
    requireJurisdiction(caller, args.regionCode, 'regionCode');
    return listReviewSchedules(deps.db, args.regionCode);
  });
}

function webhookDeliveries(deps: ResolverDeps) {
  return guarded('webhookDeliveries', deps, (caller, args: { status?: string | null; first: number }) => {
    if (args.status && !(DELIVERY_STATUSES as readonly string[]).includes(args.status)) throw new HubError('BAD_USER_INPUT', `status: one of ${DELIVERY_STATUSES.join(', ')}`, { field: 'status' });
    return listDeliveries(deps.db, caller.org, (args.status ?? null) as DeliveryStatus | null, { first: args.first });
  });
}

function scheduleReviewField(deps: ResolverDeps) {
  return guarded('scheduleReview', deps, (caller, args: { regionCode: string; cron: string; purpose: string; timeZone?: string | null }) => {
    requireJurisdiction(caller, args.regionCode, 'regionCode');
    return scheduleReview(deps.db, deps.batches.queue, caller, args, { minIntervalMs: deps.batches.reviewMinIntervalMs });
  });
}

/** changes.graphql: scheduled re-checks, the change events they find and their webhooks. */
export function changesResolvers(deps: ResolverDeps) {
  return {
    Query: {
      reviewSchedules: reviewSchedules(deps),
      changes: changes(deps),
      webhookSubscriptions: guarded('webhookSubscriptions', deps, (caller) => listSubscriptions(deps.db, caller.org)),
      webhookDeliveries: webhookDeliveries(deps),
    },
    Mutation: {
      scheduleReview: scheduleReviewField(deps),
      pauseReviewSchedule: guarded('pauseReviewSchedule', deps, (caller, args: { id: string }) => setReviewScheduleActive(deps.db, deps.batches.queue, caller, args.id, false)),
      resumeReviewSchedule: guarded('resumeReviewSchedule', deps, (caller, args: { id: string }) => setReviewScheduleActive(deps.db, deps.batches.queue, caller, args.id, true)),
      deleteReviewSchedule: guarded('deleteReviewSchedule', deps, (caller, args: { id: string }) => deleteReviewSchedule(deps.db, deps.batches.queue, caller, args.id)),
      subscribeWebhook: guarded('subscribeWebhook', deps, (caller, args: { url: string; kinds?: string[] | null }) => subscribe(deps.db, caller, { url: args.url, kinds: args.kinds ?? null }, { allowLoopbackHttp: deps.profile !== 'production' })),
      unsubscribeWebhook: guarded('unsubscribeWebhook', deps, (caller, args: { id: string }) => unsubscribe(deps.db, caller, args.id)),
    },
  };
}
