import { storedAssessment, type Assessment, type Figure, type Hardship, type HardshipContribution } from '../../../assessment/index.js';
import type { Catalog } from '../../../catalog/index.js';
import { HubError } from '../../../errors/index.js';
import { maskIdNumber } from '../../../identity/index.js';
import { CONCLUSION_LABELS, discrepancyText, missingSources, PROGRAMME_LABELS, REPORT_STATUS_LABELS, type ReportBody, type ReportMember } from '../../../reports/index.js';
import { localTime } from '../../../regions/index.js';

/** A person as the API shows it: the ID number masked. */
export const personView = (id: string, idNumber: string) => ({ id, idNumberMasked: maskIdNumber(idNumber) });

// The report and member a view was made from, kept under symbols: never part of the answer, read
// only by the field resolvers below.
const MEMBER = Symbol('member');
const REPORT = Symbol('report');

/**
 * A member as plain values: `records` and `attributes`, which only some queries select, are field
 * resolvers of `MemberReport` (memberFieldResolvers), not functions on the object, because compiled
 * execution (graphql-jit) reads a field that has no resolver as a plain property.
 */
function memberView(m: ReportMember) {
  return {
    [MEMBER]: m,
    person: personView(m.personId, m.idNumber),
    idNumber: m.idNumber,
    name: m.name,
    relation: m.relation,
    birthDate: m.birthDate,
    sex: m.sex,
    declaredMonthlyIncome: m.declaredMonthlyIncome,
    declaredIncome: m.declaredIncome ?? null,
    // Values replaced by accepted objections (复核); the records show the new value.
    overrides: Object.entries(m.overrides ?? {}).map(([attribute, o]) => ({ attribute, ...o })),
  };
}
type MemberView = ReturnType<typeof memberView>;

/**
 * The typed records are one object per source, resolved by graphql's default resolvers (a resolver
 * per attribute would cost milliseconds per household).
 */
function records(view: MemberView) {
  const out: Record<string, Record<string, unknown> | null> = {};
  for (const [sourceId, record] of Object.entries(view[MEMBER].records)) {
    if (!record.found) continue;
    const typed: Record<string, unknown> = { asOf: record.asOf };
    for (const [code, value] of Object.entries(record.values)) typed[code.slice(sourceId.length + 1)] = value;
    out[sourceId] = typed;
  }
  return out;
}

type AttributeArgs = { codes?: string[] | null; sources?: string[] | null };

/**
 * A member's attribute list made for a read of a kept report version (frozen: src/reports
 * opened.ts) is made once per version and selection: the next reads of it reuse the list.
 */
const madeLists = new WeakMap<ReportMember, Map<string, ReturnType<typeof attributeList>>>();

function attributes(view: MemberView, args: AttributeArgs, catalog: Catalog) {
  for (const [i, code] of (args.codes ?? []).entries()) {
    if (!catalog.attribute(code)) throw new HubError('UNKNOWN_ATTRIBUTE', `codes[${i}]: no attribute ${JSON.stringify(code)} in the catalogue`, { field: `codes[${i}]` });
  }
  const member = view[MEMBER];
  if (!Object.isFrozen(member)) return attributeList(member, args, catalog);
  let made = madeLists.get(member);
  if (!made) madeLists.set(member, (made = new Map()));
  const key = JSON.stringify([args.codes ?? null, args.sources ?? null]);
  let list = made.get(key);
  if (!list) made.set(key, (list = attributeList(member, args, catalog)));
  return list;
}

function attributeList(member: ReportMember, args: AttributeArgs, catalog: Catalog) {
  const codes = args.codes ? new Set(args.codes) : null;
  const sources = args.sources ? new Set(args.sources) : null;
  return Object.entries(member.records).flatMap(([sourceId, record]) => {
    if (!record.found || (sources && !sources.has(sourceId))) return [];
    return Object.entries(record.values)
      .filter(([code]) => !codes || codes.has(code))
      .map(([code, value]) => {
        const a = catalog.attribute(code);
        return { code, value, unit: a?.unit ?? null, source: sourceId, asOf: record.asOf, labelZh: a?.zh ?? code, labelEn: a?.en ?? code };
      });
  });
}

const kindFigures = <K extends string>(byKind: Partial<Record<K, Figure>>) => Object.entries(byKind).map(([kind, figure]) => ({ kind, figure }));

/** Hardship, special groups and urgency; a report from before them has the 9-factor index only. */
function screeningView(a: Assessment) {
  const h = a.hardship as Partial<Hardship> & { index: number; contributions: Partial<HardshipContribution>[] };
  return {
    hardship: { index: h.index, groups: (h.groups ?? []).map((g) => ({ ...g, labelZh: g.zh, labelEn: g.en })), contributions: h.contributions.map((c) => ({ ...c, labelZh: c.zh ?? null, labelEn: c.en ?? null, group: c.group ?? null, kind: c.kind ?? null })) },
    specialGroups: (a.specialGroups ?? []).map((g) => ({ ...g, labelZh: g.zh, labelEn: g.en })),
    urgency: a.urgency ? { ...a.urgency, labelZh: a.urgency.zh, ruleZh: a.urgency.rule.zh, ruleEn: a.urgency.rule.en } : null,
  };
}

function assessmentView(a: Assessment, persons: Map<string, ReportMember>) {
  const person = (id: string) => {
    const m = persons.get(id);
    return m ? personView(m.personId, m.idNumber) : { id, idNumberMasked: '' };
  };
  const { eligibility, vetoes } = storedAssessment(a);
  return {
    ...a,
    missing: a.missing ?? [],
    eligibility: eligibility.map((e) => ({ ...e, benefit: e.benefit && { ...e.benefit, provisional: e.conclusion === 'PROVISIONAL' }, labelZh: PROGRAMME_LABELS[e.programme].zh, labelEn: PROGRAMME_LABELS[e.programme].en, conclusionZh: CONCLUSION_LABELS[e.conclusion].zh, grounds: e.grounds.map((g) => ({ ...g, labelZh: g.zh })) })),
    members: a.members.map((m) => ({ ...m, person: person(m.personId), income: kindFigures(m.income), rigidExpenditure: kindFigures(m.rigidExpenditure) })),
    supporters: (a.supporters ?? []).map((s) => ({ ...s, person: person(s.personId), parents: s.parents.map(person) })),
    income: { ...a.income, byKind: kindFigures(a.income.byKind) },
    vetoes: vetoes.map((v) => ({ code: v.code, labelZh: v.zh, labelEn: v.en, outcome: v.outcome, deferMonths: v.deferMonths, figure: v.figure })),
    currentAssistance: a.currentAssistance.map((c) => ({ attribute: c.attribute, person: person(c.personId), value: c.value })),
    ...screeningView(a),
  };
}

type StoredVersion = { sha256: string; jws: string; kid: string; revision?: number | undefined };

/**
 * Views of kept report versions (frozen bodies, src/reports opened.ts), by version: the reads that
 * follow get the same view, so an answer rendered from it serves them too (renderable.ts).
 */
const keptViews = new WeakMap<ReportBody, Map<string, ReportView>>();

/**
 * A stored report as the `VerificationReport` type shows it; `stored.revision` absent: the first
 * version. `reportSha256` is the stored hash of the signed bytes, not recomputed (issue 15).
 */
export function reportView(body: ReportBody, stored: StoredVersion): ReportView {
  if (!Object.isFrozen(body)) return viewOf(body, stored);
  const version = `${stored.revision ?? 1}:${stored.sha256}:${stored.kid}`;
  let views = keptViews.get(body);
  if (!views) keptViews.set(body, (views = new Map()));
  let view = views.get(version);
  if (!view) views.set(version, (view = viewOf(body, stored)));
  return view;
}

function viewOf(body: ReportBody, stored: StoredVersion) {
  const members = new Map([...body.members, ...body.supporters].map((m) => [m.personId, m]));
  return {
    id: body.id,
    status: body.status,
    statusZh: REPORT_STATUS_LABELS[body.status]?.zh ?? body.status,
    createdAtLocal: localTime(body.createdAt, body.household.regionCode),
    completedAtLocal: body.completedAt ? localTime(body.completedAt, body.household.regionCode) : null,
    missingSources: missingSources(body),
    createdAt: body.createdAt,
    completedAt: body.completedAt,
    requester: body.requester,
    purpose: body.purpose,
    applicationRef: body.applicationRef,
    household: { id: body.household.id, regionCode: body.household.regionCode, externalRef: body.household.externalRef },
    [REPORT]: { body, members },
    members: body.members.map(memberView),
    supporters: body.supporters.map(memberView),
    sources: body.sources,
    discrepancies: body.discrepancies.map((d) => {
      const member = d.personId ? members.get(d.personId) : undefined;
      // A report stored before sentences, sources and tolerances: the label stands in for the sentence.
      const holders = (d.holders ?? []).flatMap((id) => {
        const h = members.get(id);
        return h ? [personView(h.personId, h.idNumber)] : [];
      });
      return { unit: null, tolerance: null, ...d, sources: (d.sources ?? []).map((s) => ({ ...s, overrides: s.overrides ?? [] })), ...discrepancyText(d), person: member ? personView(member.personId, member.idNumber) : null, member: member ? memberView(member) : null, holders };
    }),
    undeclaredItemsFound: body.discrepancies.length > 0,
    reportSha256: stored.sha256,
    catalogVersion: body.catalogVersion,
    policy: body.policy,
    // A getter: a stored report's compact JWS is put together only when a query asks for it (sealed.ts).
    signature: {
      get jws() {
        return stored.jws;
      },
      kid: stored.kid,
    },
    revision: stored.revision ?? 1,
  };
}

type ReportView = ReturnType<typeof viewOf>;

/** The fields of `MemberReport` and `VerificationReport` computed only when a query selects them. */
export function reportFieldResolvers(catalog: Catalog) {
  return {
    MemberReport: {
      records: (view: MemberView) => records(view),
      attributes: (view: MemberView, args: AttributeArgs) => attributes(view, args, catalog),
    },
    VerificationReport: {
      assessment: (view: ReportView) => {
        const { body, members } = view[REPORT];
        return body.assessment ? assessmentView(body.assessment, members) : null;
      },
    },
  };
}
