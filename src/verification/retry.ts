import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/index.js';
import { createBroker, type FetchedSources, type SourcePlan, type SourceOutcome } from '../broker/index.js';
import { validConsentIds } from '../consent/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { groupKey } from '../pending/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { findReport, lockReportBody, type ReportBody, type ReportSource } from '../reports/index.js';
import { sendDeliveries } from './changes.js';
import { settleReport } from './complete.js';
import type { StoredReport, VerificationDeps } from './options.js';
import { firstPollAt, groupFor } from './pending.js';
import { failAccess, startRetryAccess } from './access.js';

const failed = (s: ReportSource) => s.status === 'TIMEOUT' || s.status === 'UNAVAILABLE';
const personsOf = (body: ReportBody) => [...body.members, ...body.supporters];

/** The report to retry, for a caller who may: a verifier or system within its jurisdiction, an INCOMPLETE report. */
async function retryable(deps: VerificationDeps, caller: Caller, reportId: string): Promise<ReportBody> {
  requireRole(caller, 'requestVerification');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reportId)) throw new HubError('BAD_USER_INPUT', 'reportId: not a report id', { field: 'reportId' });
  const found = await findReport(deps.db, reportId);
  if (!found) throw new HubError('BAD_USER_INPUT', 'reportId: no report with this id', { field: 'reportId' });
  const body = found.body;
  requireJurisdiction(caller, body.household.regionCode, 'reportId');
  if (body.status !== 'INCOMPLETE') {
    throw new HubError('NOTHING_TO_RETRY', `reportId: the report is ${body.status}; only the sources of an INCOMPLETE report that timed out or were unavailable are asked again`, { field: 'reportId' });
  }
  // Under the same consents: a consent withdrawn or expired since stops the retry.
  const consents = [...new Set(Object.values(body.consents))];
  const valid = await validConsentIds(deps.db, caller, consents, body.purpose, new Date());
  const lapsed = consents.filter((id) => !valid.has(id));
  if (lapsed.length > 0) throw new HubError('CONSENT_MISSING', `the consent(s) ${lapsed.join(', ')} the report was made under are no longer valid for ${body.purpose}, or were registered outside the organisations whose consents bind you`, { field: 'reportId', consents: lapsed });
  return body;
}

/** A source asked again, written into the report body: records, tickets, or the new failure. */
function applyOutcome(body: ReportBody, entry: ReportSource, outcome: SourceOutcome, at: string): boolean {
  entry.latencyMs = outcome.latencyMs;
  switch (outcome.status) {
    case 'OK':
    case 'NOT_FOUND':
      for (const m of personsOf(body)) m.records[entry.source] = outcome.records.get(m.idNumber) ?? { found: false };
      Object.assign(entry, { status: outcome.status, error: null, answeredAt: at, tickets: [] });
      return outcome.status === 'OK';
    case 'PENDING': {
      const personIdOf = new Map(personsOf(body).map((m) => [m.idNumber, m.personId]));
      Object.assign(entry, { status: 'PENDING', error: null, answeredAt: null, tickets: outcome.tickets.map((t) => ({ persons: t.idNumbers.map((id) => personIdOf.get(id)!), ticket: t.ticket })) });
      return false;
    }
    default:
      Object.assign(entry, { status: outcome.status, error: outcome.error, answeredAt: at });
      return false;
  }
}

/**
 * Asks the sources of an INCOMPLETE report that timed out or were unavailable again, only those,
 * for the same persons and attributes under the same consents, and stores the report's new
 * version (status, assessment, signature) with a `verification.retry-sources` audit event. A bank
 * asked again answers later, like any pending source.
 */
export async function retrySources(deps: VerificationDeps, caller: Caller, reportId: string): Promise<StoredReport> {
  const asked = await retryable(deps, caller, reportId);
  const plans: SourcePlan[] = asked.sources.filter(failed).flatMap((s) => {
    const source = deps.catalog.source(s.source);
    return source ? [{ source, attributes: s.attributes }] : [];
  });
  const idNumbers = personsOf(asked).map((m) => m.idNumber);
  const about = { purpose: asked.purpose, applicationRef: asked.applicationRef, regionCode: asked.household.regionCode, requestId: asked.requestId, reportId: asked.id, consentIds: [...new Set(Object.values(asked.consents))], subjectIds: personsOf(asked).map((m) => m.personId), attributeCodes: plans.flatMap((p) => p.attributes) };
  const access = await startRetryAccess(deps, caller, about, plans.map((p) => p.source.id));
  try {
    return await askAgain(deps, caller, reportId, plans, idNumbers, access);
  } catch (err) {
    await failAccess(deps, caller, [access], err);
    throw err;
  }
}

async function askAgain(deps: VerificationDeps, caller: Caller, reportId: string, plans: SourcePlan[], idNumbers: string[], access: string): Promise<StoredReport> {
  const broker = createBroker(deps.connectors, plans, { deadline: Date.now() + deps.requestDeadlineMs, requestId: randomUUID(), onUpstreamCall: deps.onUpstreamCall });
  const fetched: FetchedSources = await broker.fetch(idNumbers);
  const pendingGroup = groupKey(fetched.tickets()) ?? undefined;
  const deliveries = await inTransaction(deps.db, async (trx) => {
    const body = await lockReportBody(trx, reportId);
    if (!body) return [];
    const at = new Date().toISOString();
    const statuses = new Map<string, string>();
    const released: string[] = [];
    // Only what is still missing: another retry may have filled a source meanwhile.
    for (const entry of body.sources.filter(failed)) {
      if (!plans.some((p) => p.source.id === entry.source)) continue;
      if (applyOutcome(body, entry, fetched.outcomeFor(entry.source, idNumbers), at)) released.push(...entry.attributes);
      statuses.set(entry.source, entry.status);
    }
    return settleReport(deps, trx, body, at, { statuses, released, actor: caller, action: 'verification.retry-sources', access, ...(pendingGroup ? { pendingGroup } : {}) });
  });
  await sendDeliveries(deps, deliveries);
  const stored = (await findReport(deps.db, reportId))!;
  if (pendingGroup && stored.body.status === 'PENDING') await deps.inProcess.schedule(groupFor(deps, [stored.body], pendingGroup, firstPollAt(fetched)));
  return stored;
}
