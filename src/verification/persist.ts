import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { FetchedSources, SourcePlan } from '../broker/index.js';
import { sealJson } from '../data-protection/index.js';
import { inTransaction } from '../db/index.js';
import { verifications } from '../metrics/index.js';
import { recordAssessment, saveHousehold, upsertPersons } from '../households/index.js';
import { settlesStatus, assembleReport, insertReport, requestEvent, type ReportBody, type SignedReport } from '../reports/index.js';
import type { Admitted } from './admit.js';
import { recordChangesOf, sendDeliveries } from './changes.js';
import { batchItems, type VerificationDeps } from './options.js';
import { declaredField } from './declaration.js';
import { duplicateAccessEvent } from './access.js';

/** The insert of the request row (a batch item's (batch, seq) taken already: nothing inserted). */
function requestInsert(trx: Knex.Transaction, a: Admitted, requestId: string, pending: boolean, answeredAt: string, householdId: string | null): Knex.QueryBuilder {
  return trx('verification_requests')
    .insert({
      id: requestId,
      household_id: householdId,
      purpose: a.v.purpose,
      application_ref: a.v.applicationRef,
      requester_sub: a.caller.sub,
      requester_org: a.caller.org,
      requester_roles: a.caller.roles,
      status: pending ? 'PENDING' : 'COMPLETED',
      // Sealed (docs/AUDIT.md, encryption at rest): ID numbers and declared amounts.
      declared_sealed: sealJson(trx, declaredField(requestId), { members: a.v.members.map((m) => ({ idNumber: m.idNumber, declaredMonthlyIncome: m.declaredMonthlyIncome, ...(m.declaredIncome ? { declaredIncome: m.declaredIncome } : {}) })), assets: a.v.declaredAssets }),
      completed_at: pending ? null : answeredAt,
      batch_id: a.item?.batchId ?? null,
      batch_seq: a.item?.seq ?? null,
      residence_reason: a.residence ?? null,
    })
    .onConflict(['batch_id', 'batch_seq'])
    .ignore();
}

/**
 * Signs a version of a report: the stored hash is the SHA-256 of the very bytes signed (the
 * canonical JSON), so each version is serialised once.
 */
export async function signReport(deps: VerificationDeps, body: ReportBody): Promise<SignedReport> {
  const signed = await deps.signer.sign(body);
  return { body, sha256: signed.payloadSha256, jws: signed.jws, kid: signed.kid, signedBytes: signed.payload };
}

/**
 * Stores one household's verification in one transaction: the request, household and persons, the
 * report (assembled from the fetched sources, signed) with its source results, the assessment
 * status and changes, the batch item, and the audit event. Null when a batch item was stored before.
 */
export async function persistVerification(deps: VerificationDeps, a: Admitted, plans: readonly SourcePlan[], fetched: FetchedSources, pendingGroup: string | null): Promise<SignedReport | null> {
  const { v } = a;
  const idNumbers = [...v.members, ...v.supporters].map((m) => m.idNumber);
  const outcomes = new Map(plans.map((pl) => [pl.source.id, fetched.outcomeFor(pl.source.id, idNumbers)]));
  const pending = [...outcomes.values()].some((o) => o.status === 'PENDING');
  const answeredAt = new Date().toISOString();
  const stored = await inTransaction(deps.db, async (trx): Promise<{ report: SignedReport; deliveries: string[] } | null> => {
    const requestId = randomUUID();
    const household = { regionCode: v.regionCode, externalRef: v.externalRef, members: v.members };
    // A batch item claims its request row first: a redelivered job stops there, touching nothing else.
    if (a.item && (await requestInsert(trx, a, requestId, pending, answeredAt, null).returning('id')).length === 0) {
      // It asked the agencies again; what they said is dropped, and the access says so.
      if (a.access) await appendAuditEvents(trx, [duplicateAccessEvent(a.caller, a.access.id)]);
      return null;
    }
    const { householdId, personIds: memberIds } = await saveHousehold(trx, household, a.access?.personIds);
    if (a.item) await trx('verification_requests').where({ id: requestId }).update({ household_id: householdId });
    const supporters = a.access && v.supporters.every((s) => a.access!.personIds.has(s.idNumber)) ? a.access.personIds : await upsertPersons(trx, v.supporters);
    const personIds = new Map([...memberIds, ...v.supporters.map((s): [string, string] => [s.idNumber, supporters.get(s.idNumber)!])]);
    const body = assembleReport(
      {
        id: randomUUID(),
        requestId,
        createdAt: a.now,
        answeredAt,
        requester: a.caller,
        purpose: v.purpose,
        applicationRef: v.applicationRef,
        catalogVersion: deps.catalogVersion,
        household: { id: householdId, regionCode: v.regionCode, externalRef: v.externalRef, declaredAssets: v.declaredAssets },
        members: v.members,
        supporters: v.supporters,
        personIds,
        consents: a.consents,
        plans,
        outcomes,
        policy: a.policy,
      },
      deps.catalog,
    );
    const report = await signReport(deps, body);
    // A single request's row is written in the same statement as its report.
    await insertReport(trx, report, pendingGroup, idNumbers.length, a.item ? undefined : requestInsert(trx, a, requestId, pending, answeredAt, householdId));
    let deliveries: string[] = [];
    // An urgent request's assessment while sources are pending is provisional: not the household's status yet.
    if (settlesStatus(body)) await recordAssessment(trx, householdId, body.id, v.regionCode, body.createdAt, body.assessment);
    if (body.assessment && body.status !== 'PENDING') deliveries = await recordChangesOf(deps, trx, body);
    if (a.item) await batchItems(deps).done(trx, a.item, body.id);
    const event = requestEvent(body, a.caller, report.sha256, a.item);
    // A household registered elsewhere, verified on the caller's documented reason: auditors see why.
    const details = { ...event.details, ...(a.access ? { access: a.access.id } : {}) };
    await appendAuditEvents(trx, [{ ...event, details: a.residence ? { ...details, residence: a.residence, ...(a.residence.registeredInRegion ? {} : { flag: 'RESIDENCE_MISMATCH' }) } : details }]);
    return { report, deliveries };
  });
  if (a.access) a.access.closed = true;
  if (!stored) return null;
  verifications.inc({ outcome: stored.report.body.status, kind: a.item ? 'batch' : 'single' });
  await sendDeliveries(deps, stored.deliveries);
  return stored.report;
}
