import type { Knex } from 'knex';
import { conclusionChange, detectChanges, previousReport, recordChanges } from '../changes/index.js';
import type { ReportBody } from '../reports/index.js';
import { enqueueDeliveries } from '../webhooks/index.js';
import type { VerificationDeps } from './options.js';

/**
 * The changes since the household's previous complete report, recorded with this one, and for an
 * urgent request approved provisionally, a change of its conclusions; returns the webhook
 * deliveries to send once the transaction has committed.
 */
export async function recordChangesOf(deps: VerificationDeps, trx: Knex.Transaction, body: ReportBody, provisional: ReportBody['assessment'] = null): Promise<string[]> {
  const previous = await previousReport(trx, body.household.id, new Date(body.createdAt), body.id);
  const changes = previous ? detectChanges(previous, body, deps.catalog, { incomeChangeShare: deps.incomeChangeShare ?? 0.2 }) : [];
  const events = previous ? await recordChanges(trx, { householdId: body.household.id, regionCode: body.household.regionCode, reportId: body.id, previousReportId: previous.id, changes }) : [];
  // The urgent path's provisional conclusions against the settled ones, within the same report.
  const changed = conclusionChange(provisional, body.assessment);
  if (changed) events.push(...(await recordChanges(trx, { householdId: body.household.id, regionCode: body.household.regionCode, reportId: body.id, previousReportId: body.id, changes: [changed] })));
  return enqueueDeliveries(trx, events);
}

/** Hands committed deliveries to the webhook queue; if that fails they stay PENDING and the reconciler sends them. */
export async function sendDeliveries(deps: VerificationDeps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || !deps.webhooks) return;
  await deps.webhooks.enqueue(ids).catch((err: unknown) => deps.logger.warn({ err, deliveries: ids.length }, 'webhook deliveries left for the reconciler'));
}
