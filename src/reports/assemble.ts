import { assess, markProvisional, meansTestAttributes, type Assessment } from '../assessment/index.js';
import type { AuditEvent } from '../audit/index.js';
import { inKeyOrder } from '../canonical/index.js';
import type { SourceOutcome, SourcePlan } from '../broker/index.js';
import type { Catalog, PersonRecord, Purpose } from '../catalog/index.js';
import { discrepancyTolerances, type ResolvedPolicy } from '../regional-policy/index.js';
import { findDiscrepancies } from './discrepancies.js';
import { explainAssessment } from './explain.js';
import { missingSources, releasedAttributes, reportStatusOf, type DeclaredAssets, type DeclaredIncome, type ReportBody, type ReportMember, type ReportSource } from './report.js';

/** A member or supporter as the verification input gave them (ID number checked, birth date and sex from it). */
export interface ReportPersonFacts {
  idNumber: string;
  name: string;
  relation: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  declaredMonthlyIncome?: number | null;
  /** Declared income by kind (members only); absent: the total only. */
  declaredIncome?: DeclaredIncome | null;
}

/** Everything a report is made of, gathered by the verification; assembling it decides nothing else. */
export interface ReportFacts {
  id: string;
  requestId: string;
  createdAt: Date;
  /** When the sources that answered had answered. */
  answeredAt: string;
  requester: { sub: string; org: string; roles: readonly string[] };
  purpose: Purpose;
  applicationRef: string;
  catalogVersion: number;
  household: { id: string; regionCode: string; externalRef: string; declaredAssets: DeclaredAssets | null };
  members: readonly ReportPersonFacts[];
  supporters: readonly ReportPersonFacts[];
  /** Person id by ID number, for every member and supporter. */
  personIds: ReadonlyMap<string, string>;
  /** Consent id by ID number, for every adult. */
  consents: ReadonlyMap<string, string>;
  plans: readonly SourcePlan[];
  /** Each planned source's outcome for this household's persons. */
  outcomes: ReadonlyMap<string, SourceOutcome>;
  policy: ResolvedPolicy;
}

/** A source's entry in the report: its status, and for a pending source its tickets by person id. */
function sourceEntry(plan: SourcePlan, outcome: SourceOutcome, at: string, personIdOf: (idNumber: string) => string): ReportSource {
  // Keys in canonical order, as the report's objects are built (canonical/inKeyOrder).
  return {
    answeredAt: outcome.status === 'PENDING' ? null : at,
    attributes: plan.attributes,
    error: outcome.status === 'TIMEOUT' || outcome.status === 'UNAVAILABLE' ? outcome.error : null,
    latencyMs: outcome.latencyMs,
    source: plan.source.id,
    status: outcome.status,
    tickets: outcome.status === 'PENDING' ? outcome.tickets.map((t) => ({ persons: t.idNumbers.map(personIdOf), ticket: t.ticket })) : [],
  };
}

function reportPerson(facts: ReportFacts, p: ReportPersonFacts, declaredMonthlyIncome: number | null): ReportMember {
  const records = inKeyOrder<PersonRecord>(
    facts.plans.flatMap((plan) => {
      const o = facts.outcomes.get(plan.source.id)!;
      return o.status === 'OK' || o.status === 'NOT_FOUND' ? [[plan.source.id, o.records.get(p.idNumber) ?? { found: false }] as const] : [];
    }),
  );
  return {
    birthDate: p.birthDate,
    // Only when declared by kind, so reports of total-only declarations keep their shape.
    ...(declaredMonthlyIncome !== null && p.declaredIncome ? { declaredIncome: p.declaredIncome } : {}),
    declaredMonthlyIncome,
    idNumber: p.idNumber,
    name: p.name,
    personId: facts.personIds.get(p.idNumber)!,
    records,
    relation: p.relation,
    sex: p.sex,
  };
}

/**
 * The means test over the report's verified records (never the declaration), what rests on
 * sources that did not answer (or, for an urgent request, have not yet) marked provisional.
 */
export function assessReport(body: Pick<ReportBody, 'members' | 'supporters' | 'sources' | 'purpose'>, policy: ResolvedPolicy, catalog: Catalog): Assessment {
  const person = (m: ReportMember) => ({ personId: m.personId, relation: m.relation, birthDate: m.birthDate, sex: m.sex, records: m.records });
  const assessment = assess({ policy, catalog, assessedOn: policy.date, members: body.members.map(person), supporters: body.supporters.map(person), purpose: body.purpose });
  // What the means test reads that the verification did not ask (a source, or attributes of one the
  // purpose or the request left out) is missing evidence too.
  const asked = new Set(body.sources.flatMap((s) => s.attributes));
  const unasked = new Set(meansTestAttributes(catalog).filter((code) => !asked.has(code)).map((code) => catalog.attribute(code)!.source));
  const notAsked = [...unasked].map((source) => ({ source, status: 'NOT_ASKED' as const }));
  const increments = new Map((policy.parameters.benefit?.increments ?? []).map((i) => [i.code, { zh: i.zh, en: i.en }]));
  return explainAssessment(markProvisional(assessment, [...missingSources(body), ...notAsked], catalog), body, catalog, increments);
}

/**
 * Whether a report's assessment becomes the household's status (and its ranking): once nothing is
 * pending, and only when the verification asked everything the means test reads. A narrowed
 * request, or an urgent one before its banks answered, does not replace a full assessment.
 */
export function settlesStatus(body: Pick<ReportBody, 'status' | 'assessment'>): body is Pick<ReportBody, 'status'> & { assessment: Assessment } {
  return body.status !== 'PENDING' && body.assessment !== null && !(body.assessment.missing ?? []).some((m) => m.status === 'NOT_ASKED');
}

/**
 * Whether a report carries an assessment: once no source is pending; and at once for an urgent
 * request (特急), whose conclusions stand provisionally on what has answered until the rest does.
 */
const assessedNow = (body: Pick<ReportBody, 'status' | 'purpose'>): boolean => body.status !== 'PENDING' || body.purpose === 'URGENT_ASSISTANCE';

/** The report of a verification: PENDING while an asynchronous source has not answered, INCOMPLETE if one failed. */
export function assembleReport(facts: ReportFacts, catalog: Catalog): ReportBody {
  const personIdOf = (idNumber: string) => facts.personIds.get(idNumber)!;
  const members = facts.members.map((m) => reportPerson(facts, m, m.declaredMonthlyIncome ?? null));
  const supporters = facts.supporters.map((s) => reportPerson(facts, s, null));
  const sources = facts.plans.map((plan) => sourceEntry(plan, facts.outcomes.get(plan.source.id)!, facts.answeredAt, personIdOf));
  const status = reportStatusOf(sources);
  const body: ReportBody = {
    applicationRef: facts.applicationRef,
    assessment: null,
    catalogVersion: facts.catalogVersion,
    completedAt: status === 'PENDING' ? null : facts.answeredAt,
    consents: inKeyOrder([...facts.consents].map(([idNumber, consentId]) => [personIdOf(idNumber), consentId])),
    createdAt: facts.createdAt.toISOString(),
    discrepancies: findDiscrepancies(catalog, { members, household: facts.household, tolerances: discrepancyTolerances(facts.policy.parameters) }),
    household: facts.household,
    id: facts.id,
    members,
    policy: { date: facts.policy.date, regionCode: facts.policy.regionCode, versions: facts.policy.versions },
    purpose: facts.purpose,
    requestId: facts.requestId,
    requester: { org: facts.requester.org, roles: [...facts.requester.roles], sub: facts.requester.sub },
    sources,
    status,
    supporters,
    version: 1,
  };
  if (assessedNow(body)) body.assessment = assessReport(body, facts.policy, catalog);
  return body;
}

/** Whether a refreshed report is assessed again: it is assessed now (see assembleReport). */
export const needsAssessment = assessedNow;

/**
 * After answers were applied to a report's sources (or missing ones asked again): its status, the
 * comparison with the declaration, and the assessment when it is due, under the policy recorded
 * when the verification was asked for (`policy`, required then).
 */
export function refreshReport(body: ReportBody, at: string, catalog: Catalog, policy: ResolvedPolicy | null): void {
  body.status = reportStatusOf(body.sources);
  body.completedAt = body.status === 'PENDING' ? null : at;
  // Compared under the recorded policy's tolerances (the 2026 seed's when the caller has no policy).
  body.discrepancies = findDiscrepancies(catalog, { members: body.members, household: body.household, ...(policy ? { tolerances: discrepancyTolerances(policy.parameters) } : {}) });
  if (assessedNow(body) && policy) body.assessment = assessReport(body, policy, catalog);
}

type Actor = AuditEvent['actor'];
const subjects = (body: ReportBody) => [...body.members, ...body.supporters].map((m) => m.personId);

/** What every audit event about a report says: who, why, whose data, on which consents, which version. */
function aboutReport(body: ReportBody, actor: Actor, sha256: string) {
  return {
    actor,
    purpose: body.purpose,
    applicationRef: body.applicationRef,
    regionCode: body.household.regionCode,
    requestId: body.requestId,
    reportId: body.id,
    consentIds: Object.values(body.consents),
    reportSha256: sha256,
  };
}

/** The audit event stored with a new report: who looked at whom, why, on whose consent, what was released. */
export function requestEvent(body: ReportBody, actor: Actor, sha256: string, batch: { batchId: string; seq: number } | null): AuditEvent {
  return {
    ...aboutReport(body, actor, sha256),
    action: 'verification.request',
    outcome: 'ALLOWED',
    subjectIds: subjects(body),
    attributeCodes: releasedAttributes(body),
    details: { regionCode: body.household.regionCode, sources: Object.fromEntries(body.sources.map((s) => [s.source, s.status])), ...(batch ? { batch: batch.batchId, seq: batch.seq } : {}) },
  };
}

/**
 * The audit event stored when sources answered later: pending ones (`verification.sources-answered`),
 * or missing ones asked again (`verification.retry-sources`): which settled how, what they released.
 */
export function sourcesAnsweredEvent(body: ReportBody, actor: Actor, sha256: string, statuses: ReadonlyMap<string, string>, released: readonly string[], action = 'verification.sources-answered'): AuditEvent {
  const failed = [...statuses.values()].some((status) => status === 'TIMEOUT' || status === 'UNAVAILABLE');
  return {
    ...aboutReport(body, actor, sha256),
    action,
    outcome: failed ? 'FAILED' : 'ALLOWED',
    subjectIds: subjects(body),
    attributeCodes: [...new Set(released)],
    details: { sources: Object.fromEntries(statuses), status: body.status },
  };
}

/** The audit event of a report read: the values released again, to whom, under which consent. */
export function readEvent(body: ReportBody, actor: Actor, sha256: string): AuditEvent {
  return { ...aboutReport(body, actor, sha256), action: 'report.read', outcome: 'ALLOWED', subjectIds: body.members.map((m) => m.personId), attributeCodes: releasedAttributes(body) };
}
