import type { Knex } from 'knex';
import { appendAuditEvents, recordAuditEvents, type AuditEvent } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import type { AttributeValue, Catalog } from '../catalog/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { maskIdNumber } from '../identity/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { decidingValues, findReport, lockReportBody, readEvent, type DecidingValue, type ReportBody, type ReportMember, type SignedReport } from '../reports/index.js';
import { requireEvidence, requireNote, requireUuid, requireValue, type Decision, type ObjectionInput } from './input.js';
import { insertObjection, lockObjection, objectionsOf, recordReview, type StoredObjection } from './store.js';

/** What objections need of the hub: the database, the catalogue, and how a changed report is stored as a new signed version. */
export interface ObjectionDeps {
  db: Knex;
  catalog: Catalog;
  /** The verification service's storeRevision: recomputed, signed, stored, in the caller's transaction. */
  storeRevision(trx: Knex.Transaction, body: ReportBody): Promise<SignedReport>;
}

/** An objection as callers see it: the person's ID number masked. */
export interface Objection extends StoredObjection {
  person: { id: string; idNumberMasked: string };
  /**
   * Other agencies' values of the same item that decide the compared figure over the proposed
   * value in the report's current version (tax's wage above a wage corrected to 0 at HR): an
   * objection changes one value, so these need objections of their own. Empty when none, and for
   * a rejected objection.
   */
  stillDecidedBy: DecidingValue[];
}

export interface Reviewed {
  objection: Objection;
  /** The report after the review: its new version when accepted, unchanged when rejected. */
  report: SignedReport;
}

const persons = (body: ReportBody): ReportMember[] => [...body.members, ...body.supporters];

function withPerson(o: StoredObjection, body: ReportBody, catalog: Catalog): Objection {
  const m = persons(body).find((p) => p.personId === o.personId);
  const stillDecidedBy = m && o.status !== 'REJECTED' ? decidingValues(catalog, m, o.attribute, o.proposed, body.household.regionCode) : [];
  return { ...o, person: { id: o.personId, idNumberMasked: m ? maskIdNumber(m.idNumber) : '' }, stillDecidedBy };
}

/** The value a member's found record holds for an attribute, or NOT_IN_REPORT naming the field. */
function valueIn(body: ReportBody, personId: string, code: string, source: string, field: { person: string; attribute: string }): { member: ReportMember; value: AttributeValue } {
  const member = persons(body).find((m) => m.personId === personId);
  if (!member) throw new HubError('NOT_IN_REPORT', `${field.person}: no member or supporter with this person id in the report`, { field: field.person });
  const record = member.records[source];
  if (!record?.found || !(code in record.values)) {
    throw new HubError('NOT_IN_REPORT', `${field.attribute}: the report holds no value of ${code} for this person (no record found by ${source}, or not asked)`, { field: field.attribute });
  }
  return { member, value: record.values[code]! };
}

/** What every objection event says: who, about which report version, whose value. */
function objectionEvent(action: string, caller: Caller, body: ReportBody, sha256: string, o: StoredObjection, details: Record<string, unknown>): AuditEvent {
  const consent = body.consents[o.personId];
  return {
    action,
    outcome: 'ALLOWED',
    actor: caller,
    purpose: body.purpose,
    applicationRef: body.applicationRef,
    regionCode: body.household.regionCode,
    requestId: body.requestId,
    reportId: body.id,
    consentIds: consent ? [consent] : [],
    subjectIds: [o.personId],
    attributeCodes: [o.attribute],
    reportSha256: sha256,
    details: { objectionId: o.id, documentSha256: o.evidence.documentSha256, ...details },
  };
}

/** The stored report an objection or a listing is about, for a caller within its jurisdiction. */
async function reportFor(db: Knex, caller: Caller, reportId: string): Promise<SignedReport> {
  const stored = await findReport(db, reportId);
  if (!stored) throw new HubError('BAD_USER_INPUT', 'reportId: no report with this id', { field: 'reportId' });
  requireJurisdiction(caller, stored.body.household.regionCode, 'reportId');
  return stored;
}

/**
 * Records a verifier's or assistance system's objection to one value of a report (复核), with the
 * hash of the supporting document and a note, audited as `objection.raise`. Refused: a value the
 * report does not hold (NOT_IN_REPORT), a report outside the caller's jurisdiction, a value that
 * does not fit the attribute or equals the one held, a second open objection to the same value.
 */
export async function raiseObjection(deps: ObjectionDeps, caller: Caller, input: ObjectionInput): Promise<Objection> {
  requireRole(caller, 'raiseObjection');
  requireUuid(input.reportId, 'reportId', 'a report');
  requireUuid(input.personId, 'personId', 'a person');
  const attribute = deps.catalog.attribute(input.attribute);
  if (!attribute) throw new HubError('UNKNOWN_ATTRIBUTE', `attribute: no attribute ${JSON.stringify(input.attribute)} in the catalogue`, { field: 'attribute' });
  const proposed = requireValue(attribute, input.proposedValue);
  const evidence = requireEvidence(input.evidence);
  return inTransaction(deps.db, async (trx) => {
    const { body, sha256 } = await reportFor(trx, caller, input.reportId);
    const { value } = valueIn(body, input.personId, attribute.code, attribute.source, { person: 'personId', attribute: 'attribute' });
    if (value === proposed) throw new HubError('BAD_USER_INPUT', 'proposedValue: the report already holds this value', { field: 'proposedValue' });
    const saved = await insertObjection(trx, { reportId: body.id, regionCode: body.household.regionCode, personId: input.personId, attribute: attribute.code, original: value, proposed, evidence, raisedBy: { sub: caller.sub, org: caller.org }, reportSha256Before: sha256 });
    if (!saved) throw new HubError('BAD_USER_INPUT', 'attribute: an objection to this value is open already; it must be reviewed first', { field: 'attribute' });
    await appendAuditEvents(trx, [objectionEvent('objection.raise', caller, body, sha256, saved, {})]);
    return withPerson(saved, body, deps.catalog);
  });
}

/** Writes an accepted objection's value into the locked body, keeping what the agency said. */
function applyOverride(body: ReportBody, o: StoredObjection, reviewer: Caller, catalog: Catalog, at: string): void {
  const source = catalog.attribute(o.attribute)!.source;
  const { member, value } = valueIn(body, o.personId, o.attribute, source, { person: 'objectionId', attribute: 'objectionId' });
  const record = member.records[source] as Extract<ReportMember['records'][string], { found: true }>;
  // An earlier override of the same value keeps the agency's value as the original.
  const original = member.overrides?.[o.attribute]?.original ?? value;
  record.values[o.attribute] = o.proposed;
  member.overrides = {
    ...member.overrides,
    [o.attribute]: { original, value: o.proposed, by: reviewer.sub, raisedBy: o.raisedBy.sub, evidence: o.evidence, objectionId: o.id, at },
  };
}

/**
 * A second person's decision on an open objection, in one transaction: the objection locked, the
 * report locked (FOR NO KEY UPDATE); on ACCEPT the value replaced (the original kept in
 * `overrides`), the report recomputed, signed and stored as a new version; the decision recorded;
 * `objection.review` and `report.read` (the report returned) appended last. Refused: a reviewer
 * who raised it (FOUR_EYES), an objection decided before (ALREADY_REVIEWED), outside the jurisdiction.
 */
export async function reviewObjection(deps: ObjectionDeps, caller: Caller, objectionId: string, decision: Decision, note: string): Promise<Reviewed> {
  requireRole(caller, 'reviewObjection');
  requireUuid(objectionId, 'objectionId', 'an objection');
  if (decision !== 'ACCEPT' && decision !== 'REJECT') throw new HubError('BAD_USER_INPUT', 'decision: ACCEPT or REJECT', { field: 'decision' });
  const reviewNote = requireNote(note, 'note');
  return inTransaction(deps.db, async (trx) => {
    const o = await lockObjection(trx, objectionId);
    if (!o) throw new HubError('BAD_USER_INPUT', 'objectionId: no objection with this id', { field: 'objectionId' });
    requireJurisdiction(caller, o.regionCode, 'objectionId');
    if (o.status !== 'OPEN') throw new HubError('ALREADY_REVIEWED', `objectionId: the objection was ${o.status.toLowerCase()} already`, { field: 'objectionId' });
    if (o.raisedBy.sub === caller.sub) throw new HubError('FOUR_EYES', 'objectionId: an objection is reviewed by someone other than the one who raised it', { field: 'objectionId' });
    const body = await lockReportBody(trx, o.reportId);
    if (!body) throw new HubError('BAD_USER_INPUT', 'objectionId: its report no longer exists', { field: 'objectionId' });
    let report: SignedReport;
    if (decision === 'ACCEPT') {
      applyOverride(body, o, caller, deps.catalog, new Date().toISOString());
      report = await deps.storeRevision(trx, body);
    } else {
      report = (await findReport(trx, o.reportId))!;
    }
    const reviewed = await recordReview(trx, o.id, { status: decision === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED', reviewedBy: { sub: caller.sub, org: caller.org }, note: reviewNote, reportSha256After: decision === 'ACCEPT' ? report.sha256 : null });
    const event = objectionEvent('objection.review', caller, report.body, report.sha256, reviewed, { decision, reportSha256Before: o.reportSha256Before, raisedBy: o.raisedBy.sub });
    await appendAuditEvents(trx, [event, readEvent(report.body, caller, report.sha256)]);
    return { objection: withPerson(reviewed, report.body, deps.catalog), report };
  });
}

/** A report's objections, for a verifier or assistance system within its jurisdiction (audited as `objection.list`); empty for an unknown report. */
export async function listObjections(deps: ObjectionDeps, caller: Caller, reportId: string): Promise<Objection[]> {
  requireRole(caller, 'readReport');
  requireUuid(reportId, 'reportId', 'a report');
  const stored = await findReport(deps.db, reportId);
  if (!stored) return [];
  const { body, sha256 } = stored;
  requireJurisdiction(caller, body.household.regionCode, 'reportId');
  const found = await objectionsOf(deps.db, reportId);
  await recordAuditEvents(deps.db, [
    {
      action: 'objection.list',
      outcome: 'ALLOWED',
      actor: caller,
      regionCode: body.household.regionCode,
      requestId: body.requestId,
      reportId: body.id,
      subjectIds: [...new Set(found.map((o) => o.personId))],
      attributeCodes: [...new Set(found.map((o) => o.attribute))],
      reportSha256: sha256,
      details: { objections: found.length },
    },
  ]);
  return found.map((o) => withPerson(o, body, deps.catalog));
}
