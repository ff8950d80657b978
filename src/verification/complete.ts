import type { Knex } from 'knex';
import { storedCaller, type Caller } from '../auth/index.js';
import { inKeyOrder } from '../canonical/index.js';
import { inTransaction } from '../db/index.js';
import { recordAssessment } from '../households/index.js';
import { applyTicketAnswers, ticketsOf, type TicketAnswer } from '../pending/index.js';
import { policyFromVersions } from '../regional-policy/index.js';
import { settlesStatus, lockReportBody, refreshReport, sourcesAnsweredEvent, updateReport, type ReportBody } from '../reports/index.js';
import { recordChangesOf, sendDeliveries } from './changes.js';
import type { VerificationDeps } from './options.js';
import { signReport } from './persist.js';

/** Answers to pending tickets, by source id. */
export type SourceAnswers = ReadonlyMap<string, readonly TicketAnswer[]>;

/**
 * Applies answers to a stored report's pending sources in one transaction: the records, the
 * settled sources, the report's new signed version, once complete the assessment and the changes,
 * and one audit event on behalf of the original requester. Answers applied before (another process
 * got there first) are skipped, so applying twice changes nothing. A source asked in several calls
 * stays PENDING until its last ticket answers.
 */
export async function completeSources(deps: VerificationDeps, reportId: string, answers: SourceAnswers): Promise<void> {
  const deliveries = await inTransaction(deps.db, async (trx): Promise<string[]> => {
    const body = await lockReportBody(trx, reportId);
    if (!body) return [];
    const at = new Date().toISOString();
    const released: string[] = [];
    const statuses = new Map<string, string>();
    for (const [sourceId, ticketAnswers] of answers) {
      const applied = applyTicketAnswers(body, sourceId, ticketAnswers, at);
      if (!applied) continue;
      statuses.set(sourceId, applied.status);
      if (applied.found) released.push(...body.sources.find((x) => x.source === sourceId)!.attributes);
    }
    if (statuses.size === 0) return [];
    return settleReport(deps, trx, body, at, { statuses, released });
  });
  await sendDeliveries(deps, deliveries);
}

/**
 * Stores a report after some of its sources changed (answered, or asked again): status, comparison
 * and assessment refreshed, the assessment status and changes recorded once nothing is pending, a
 * new signed version, the request completed, and one audit event on behalf of the original
 * requester. Returns the webhook deliveries to send after commit.
 */
export interface SourceChanges {
  statuses: ReadonlyMap<string, string>;
  released: readonly string[];
  /** Who changed them: the original requester (answers arriving), or a caller asking again. */
  actor?: Caller;
  action?: string;
  /** The group of new tickets the report now waits for, if any. */
  pendingGroup?: string;
  /** The access recorded before the sources were asked again (access.ts), closed by this event. */
  access?: string;
}

export async function settleReport(deps: VerificationDeps, trx: Knex.Transaction, body: ReportBody, at: string, changed: SourceChanges): Promise<string[]> {
  // Records of the changed sources were added after those held: back in canonical key order, so signing copies nothing.
  for (const m of [...body.members, ...body.supporters]) m.records = inKeyOrder(Object.entries(m.records));
  const settled = !body.sources.some((x) => x.status === 'PENDING');
  // An urgent request's assessment before its sources settled: what it was approved on, provisionally.
  const provisional = body.assessment;
  // Compared and assessed under the policy recorded when the verification was asked for (assessed only when due).
  refreshReport(body, at, deps.catalog, await policyFromVersions(trx, body.policy));
  let deliveries: string[] = [];
  // Dated by when it was asked for: a slow bank cannot make an older report the current status.
  if (settled && settlesStatus(body)) await recordAssessment(trx, body.household.id, body.id, body.household.regionCode, body.createdAt, body.assessment);
  if (settled && body.assessment) deliveries = await recordChangesOf(deps, trx, body, provisional);
  const report = await signReport(deps, body);
  // PENDING sources are written too when they were asked again: their result rows carry the new tickets.
  const written = [...changed.statuses].filter(([, status]) => status !== 'PENDING' || changed.pendingGroup).map(([source]) => source);
  // The request completes in the same statement as the version that settles it.
  const completed = settled ? trx('verification_requests').where({ id: body.requestId }).update({ status: 'COMPLETED', completed_at: at }).returning('id') : undefined;
  const event = sourcesAnsweredEvent(body, changed.actor ?? storedCaller(body.requester, 'resumed'), report.sha256, changed.statuses, changed.released, changed.action);
  const audit = [changed.access ? { ...event, details: { ...event.details, access: changed.access } } : event];
  await updateReport(trx, report, written, { pendingGroup: changed.pendingGroup, alongside: completed, audit });
  return deliveries;
}

/** Replaces a ticket the agency lost by the ticket of the inquiry made again, in one report's body. */
export async function replaceTicket(deps: VerificationDeps, reportId: string, source: string, from: string, to: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const body = await lockReportBody(trx, reportId);
    const entry = body?.sources.find((s) => s.source === source && s.status === 'PENDING');
    // Read through ticketsOf: a report stored before tickets were listed has one `ticket` field.
    const tickets = body && entry ? ticketsOf(body, entry) : [];
    if (!body || !entry || !tickets.some((t) => t.ticket === from)) return;
    entry.tickets = tickets.map((t) => (t.ticket === from ? { ...t, ticket: to } : t));
    await updateReport(trx, await signReport(deps, body), [source]);
  });
}
