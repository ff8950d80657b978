import { appendAuditEvents } from '../audit/index.js';
import { storedCaller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { recordAssessment } from '../households/index.js';
import { applyTicketAnswers, waitingTickets, type TicketAnswer } from '../pending/index.js';
import { policyFromVersions } from '../regional-policy/index.js';
import { lockReportBody, refreshReport, sourcesAnsweredEvent, updateReport, type ReportBody } from '../reports/index.js';
import { recordChangesOf, sendDeliveries } from './changes.js';
import type { VerificationDeps } from './options.js';
import { signReport } from './persist.js';

/** Answers to pending tickets, by source id. */
export type SourceAnswers = ReadonlyMap<string, readonly TicketAnswer[]>;

/** Whether any of these answers is for a ticket the report still waits for (read without a lock, to skip the rest). */
export function awaits(body: ReportBody, answers: SourceAnswers): boolean {
  return body.sources.some((s) => (answers.get(s.source) ?? []).some((a) => waitingTickets(body, s).some((t) => t.ticket === a.ticket)));
}

/**
 * Applies answers to a stored report's pending sources in one transaction: the records, the
 * settled sources, the report's new signed version, once complete the assessment and the changes,
 * and one audit event on behalf of the original requester. Answers applied before (another process
 * got there first) are skipped, so applying twice changes nothing. A source asked in several calls
 * stays PENDING until its last ticket answers.
 */
export async function completeSources(deps: VerificationDeps, reportId: string, answers: SourceAnswers): Promise<void> {
  let deliveries: string[] = [];
  await inTransaction(deps.db, async (trx) => {
    const body = await lockReportBody(trx, reportId);
    if (!body) return;
    const at = new Date().toISOString();
    const released: string[] = [];
    const statuses = new Map<string, string>();
    for (const [sourceId, ticketAnswers] of answers) {
      const applied = applyTicketAnswers(body, sourceId, ticketAnswers, at);
      if (!applied) continue;
      statuses.set(sourceId, applied.status);
      if (applied.found) released.push(...body.sources.find((x) => x.source === sourceId)!.attributes);
    }
    if (statuses.size === 0) return;
    const complete = !body.sources.some((x) => x.status === 'PENDING');
    // Assessed under the policy recorded when the verification was asked for.
    refreshReport(body, at, deps.catalog, complete ? await policyFromVersions(trx, body.policy) : null);
    if (complete && body.assessment) {
      // Dated by when it was asked for: a slow bank cannot make an older report the current status.
      await recordAssessment(trx, body.household.id, reportId, body.household.regionCode, body.createdAt, body.assessment);
      deliveries = await recordChangesOf(deps, trx, body);
    }
    const report = await signReport(deps, body);
    await updateReport(trx, report, [...statuses].filter(([, status]) => status !== 'PENDING').map(([source]) => source));
    if (complete) await trx('verification_requests').where({ id: body.requestId }).update({ status: 'COMPLETED', completed_at: at });
    await appendAuditEvents(trx, [sourcesAnsweredEvent(body, storedCaller(body.requester, 'resumed'), report.sha256, statuses, released)]);
  });
  await sendDeliveries(deps, deliveries);
}

/** Replaces a ticket the agency lost by the ticket of the inquiry made again, in one report's body. */
export async function replaceTicket(deps: VerificationDeps, reportId: string, source: string, from: string, to: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const body = await lockReportBody(trx, reportId);
    const entry = body?.sources.find((s) => s.source === source && s.status === 'PENDING');
    if (!body || !entry || !entry.tickets.some((t) => t.ticket === from)) return;
    entry.tickets = entry.tickets.map((t) => (t.ticket === from ? { ...t, ticket: to } : t));
    await updateReport(trx, await signReport(deps, body), [source]);
  });
}
