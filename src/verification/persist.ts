import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvents, type AuditEvent } from '../audit/index.js';
import type { FetchedSources, SourceOutcome, SourcePlan } from '../broker/index.js';
import { sealJson } from '../data-protection/index.js';
import { inOneStatement, inTransaction } from '../db/index.js';
import { verifications } from '../metrics/index.js';
import { recordAssessment, saveHousehold, upsertPersons } from '../households/index.js';
import { settlesStatus, assembleReport, insertReport, requestEvent, type ReportBody, type SignedReport } from '../reports/index.js';
import type { Admitted } from './admit.js';
import { recordChangesOf, sendDeliveries } from './changes.js';
import { batchItems, type VerificationDeps } from './options.js';
import { declaredField } from './declaration.js';
import { duplicateAccessEvent } from './access.js';

/** The insert of the request row (a batch item's (batch, seq) taken already: nothing inserted). */
function requestInsert(db: Knex, a: Admitted, requestId: string, pending: boolean, answeredAt: string, householdId: string | null): Knex.QueryBuilder {
  return db('verification_requests')
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
      declared_sealed: sealJson(db, declaredField(requestId), { members: a.v.members.map((m) => ({ idNumber: m.idNumber, declaredMonthlyIncome: m.declaredMonthlyIncome, ...(m.declaredIncome ? { declaredIncome: m.declaredIncome } : {}) })), assets: a.v.declaredAssets }),
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
  // The compact JWS stays a getter: the store keeps the detached one, and most answers never select it.
  return {
    body,
    sha256: signed.payloadSha256,
    kid: signed.kid,
    signedBytes: signed.payload,
    detachedJws: signed.detachedJws,
    get jws() {
      return signed.jws;
    },
  };
}

/**
 * Stores one household's verification: the request, the report (assembled from the fetched
 * sources, signed) with its source results and its audit event, and once complete the assessment
 * status and changes, and for a batch item its household and persons and the item. A single
 * verification's household was recorded with its access, so a report that settles nothing else
 * (PENDING) is one statement; otherwise one transaction, the audit event its last statement
 * (docs/ARCHITECTURE.md, lock order). Null when a batch item was stored before.
 */
export async function persistVerification(deps: VerificationDeps, a: Admitted, plans: readonly SourcePlan[], fetched: FetchedSources, pendingGroup: string | null): Promise<SignedReport | null> {
  const { v } = a;
  const idNumbers = [...v.members, ...v.supporters].map((m) => m.idNumber);
  const outcomes = new Map(plans.map((pl) => [pl.source.id, fetched.outcomeFor(pl.source.id, idNumbers)]));
  const pending = [...outcomes.values()].some((o) => o.status === 'PENDING');
  const made: Made = { requestId: randomUUID(), answeredAt: new Date().toISOString(), pending, outcomes, plans, pendingGroup, persons: idNumbers.length };
  const household = a.item ? undefined : a.access?.household;
  const signed = household === undefined ? null : await signReport(deps, reportOf(deps, a, made, household, a.access!.personIds));
  let stored: { report: SignedReport; deliveries: string[] } | null;
  if (signed && !settlesMore(signed.body)) {
    const alongside = requestInsert(deps.db, a, made.requestId, pending, made.answeredAt, signed.body.household.id).returning('id');
    await inOneStatement(() => insertReport(deps.db, signed, pendingGroup, made.persons, { alongside, audit: [storedEvent(a, signed)] }));
    stored = { report: signed, deliveries: [] };
  } else {
    stored = await inTransaction(deps.db, (trx) => persistInTransaction(deps, trx, a, made, signed));
  }
  if (a.access) a.access.closed = true;
  if (!stored) return null;
  verifications.inc({ outcome: stored.report.body.status, kind: a.item ? 'batch' : 'single' });
  await sendDeliveries(deps, stored.deliveries);
  return stored.report;
}

/** What a verification's report is made of and stored with, besides the admitted request. */
interface Made {
  requestId: string;
  answeredAt: string;
  pending: boolean;
  outcomes: Map<string, SourceOutcome>;
  plans: readonly SourcePlan[];
  pendingGroup: string | null;
  persons: number;
}

/** A report that settles the household's status, or its changes (assessed, nothing pending), records more than itself. */
function settlesMore(body: ReportBody): boolean {
  return settlesStatus(body) || (body.assessment !== null && body.status !== 'PENDING');
}

/**
 * A verification stored in the caller's transaction: a batch item claims its request row first, so
 * a redelivered job stops there touching nothing else; the household and persons when the access
 * did not record them (a batch chunk's), and the report signed then; the report, what it settles,
 * the batch item, and last the audit event.
 */
async function persistInTransaction(deps: VerificationDeps, trx: Knex.Transaction, a: Admitted, made: Made, signed: SignedReport | null): Promise<{ report: SignedReport; deliveries: string[] } | null> {
  const { v } = a;
  if (a.item && (await requestInsert(trx, a, made.requestId, made.pending, made.answeredAt, null).returning('id')).length === 0) {
    // It asked the agencies again; what they said is dropped, and the access says so.
    if (a.access) await appendAuditEvents(trx, [duplicateAccessEvent(a.caller, a.access.id)]);
    return null;
  }
  let report = signed;
  if (!report) {
    const { householdId, personIds: memberIds } = await saveHousehold(trx, { regionCode: v.regionCode, externalRef: v.externalRef, members: v.members }, a.access?.personIds);
    if (a.item) await trx('verification_requests').where({ id: made.requestId }).update({ household_id: householdId });
    const supporters = a.access && v.supporters.every((s) => a.access!.personIds.has(s.idNumber)) ? a.access.personIds : await upsertPersons(trx, v.supporters);
    const personIds = new Map([...memberIds, ...v.supporters.map((s): [string, string] => [s.idNumber, supporters.get(s.idNumber)!])]);
    report = await signReport(deps, reportOf(deps, a, made, householdId, personIds));
  }
  const alongside = a.item ? undefined : requestInsert(trx, a, made.requestId, made.pending, made.answeredAt, report.body.household.id).returning('id');
  await insertReport(trx, report, made.pendingGroup, made.persons, { alongside });
  const deliveries = await recordOutcome(deps, trx, report.body);
  if (a.item) await batchItems(deps).done(trx, a.item, report.body.id);
  await appendAuditEvents(trx, [storedEvent(a, report)]);
  return { report, deliveries };
}

function reportOf(deps: VerificationDeps, a: Admitted, made: Made, householdId: string, personIds: ReadonlyMap<string, string>): ReportBody {
  const { v } = a;
  return assembleReport(
    {
      id: randomUUID(),
      requestId: made.requestId,
      createdAt: a.now,
      answeredAt: made.answeredAt,
      requester: a.caller,
      purpose: v.purpose,
      applicationRef: v.applicationRef,
      catalogVersion: deps.catalogVersion,
      // Keys in canonical order: the report holds it as it is (canonical/inKeyOrder).
      household: { declaredAssets: v.declaredAssets, externalRef: v.externalRef, id: householdId, regionCode: v.regionCode },
      members: v.members,
      supporters: v.supporters,
      personIds,
      consents: a.consents,
      plans: made.plans,
      outcomes: made.outcomes,
      policy: a.policy,
    },
    deps.catalog,
  );
}

/** The assessment status and the changes a stored report settles; returns the webhook deliveries to send after commit. */
async function recordOutcome(deps: VerificationDeps, trx: Knex.Transaction, body: ReportBody): Promise<string[]> {
  // An urgent request's assessment while sources are pending is provisional: not the household's status yet.
  if (settlesStatus(body)) await recordAssessment(trx, body.household.id, body.id, body.household.regionCode, body.createdAt, body.assessment);
  return body.assessment && body.status !== 'PENDING' ? recordChangesOf(deps, trx, body) : [];
}

/** The audit event of a stored report, naming its access; a household registered elsewhere, verified on the caller's documented reason: auditors see why. */
function storedEvent(a: Admitted, report: SignedReport): AuditEvent {
  const event = requestEvent(report.body, a.caller, report.sha256, a.item);
  const details = { ...event.details, ...(a.access ? { access: a.access.id } : {}) };
  return { ...event, details: a.residence ? { ...details, residence: a.residence, ...(a.residence.registeredInRegion ? {} : { flag: 'RESIDENCE_MISMATCH' }) } : details };
}
