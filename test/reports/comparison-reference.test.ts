import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { eachFigure, monthly, paymentOf, type Assessment, type Figure } from '../../src/assessment/index.js';
import { canonicalJson } from '../../src/canonical/index.js';
import { catalog, type Attribute, type Catalog, type PersonRecord } from '../../src/catalog/index.js';
import { discrepancyTolerances, policyParametersSchema, TOLERANCE_DEFAULTS, type DiscrepancyTolerances, type ResolvedPolicy } from '../../src/regional-policy/index.js';
import { ASSET_KINDS, DEPOSITS_PER_BANK, INCOME_KINDS, TOTAL_INCOME, type KindBase, type Part } from '../../src/reports/compare/kinds.js';
import { addFound, readPart, readsAttribute, type Found } from '../../src/reports/compare/read.js';
import { amountSentence, sourcesText, whoEn, whoZh, type Who } from '../../src/reports/compare/sentence.js';
import { countyOf, EMPLOYMENT_CHECK, STATUS_CHECKS } from '../../src/reports/compare/status.js';
import { allowance, findDiscrepancies, type ComparisonInput } from '../../src/reports/discrepancies.js';
import { explainAssessment, labelOf, type IncrementLabels } from '../../src/reports/explain.js';
import { withOverrideProvenance } from '../../src/reports/overrides.js';
import { assessReport, type DeclaredAssets, type Discrepancy, type ReportBody, type ReportMember } from '../../src/reports/index.js';

/*
 * The comparison with the declaration and the assessment's sentences read each person's found
 * values once per call (compare/read.ts `readingsOf`) and name each agency once per figure's
 * persons (explain.ts). Held here to the straightforward algorithm they replaced, kept below as
 * it was: every read a scan of every found source's catalogue attributes, sources in id order.
 */

// ---- The comparison as it was: a scan of the records per part and per status check. ----

type Severity = Discrepancy['severity'];
const LOWER: Record<Severity, Severity> = { HIGH: 'MEDIUM', MEDIUM: 'LOW', LOW: 'LOW' };
type Check = (typeof STATUS_CHECKS)[number];

function scanPart(catalog: Catalog, records: Record<string, PersonRecord>, part: Part, fromSource?: (source: string) => boolean): Found | null {
  const values: { value: number; code: string; source: string; asOf: string }[] = [];
  for (const source of Object.keys(records).sort()) {
    const record = records[source];
    if (!record?.found || (fromSource && !fromSource(source))) continue;
    for (const a of catalog.attributesOf(source)) {
      if (!readsAttribute(part, a)) continue;
      const raw = record.values[a.code];
      if (typeof raw !== 'number' || !Number.isFinite(raw)) continue;
      const value = part.category.startsWith('income.') ? Math.max(0, monthly(a, raw)) : raw;
      values.push({ value, code: a.code, source, asOf: record.asOf });
    }
  }
  if (values.length === 0) return null;
  if (part.combine === 'max') {
    const best = values.reduce((b, v) => (v.value > b.value ? v : b));
    return { value: best.value, codes: [best.code], sources: new Map([[best.source, best.asOf]]) };
  }
  let chosen = values;
  if (part.combine === 'payments') {
    const best = new Map<string, (typeof values)[number]>();
    for (const v of values) {
      const b = best.get(paymentOf(v.code));
      if (!b || v.value > b.value) best.set(paymentOf(v.code), v);
    }
    chosen = [...best.values()];
  }
  const held = chosen.filter((v) => v.value !== 0);
  return { value: held.reduce((s, v) => s + v.value, 0), codes: held.map((v) => v.code), sources: new Map(held.map((v) => [v.source, v.asOf])) };
}

const scanKind = (catalog: Catalog, records: Record<string, PersonRecord>, parts: readonly Part[], fromSource?: (source: string) => boolean): Found | null => addFound(parts.map((p) => scanPart(catalog, records, p, fromSource)));

function scanStatus(catalog: Catalog, check: Check, m: ReportMember, county: string, tolerances: DiscrepancyTolerances): Discrepancy | null {
  const codes: string[] = [];
  const sources = new Map<string, string | null>();
  const shown: string[] = [];
  let near = check.near !== undefined;
  for (const source of Object.keys(m.records).sort()) {
    const record = m.records[source];
    if (!record?.found) continue;
    for (const a of catalog.attributesOf(source)) {
      const v = record.values[a.code];
      if (v === undefined || v === null || !check.reads(a) || !check.holds(a, v, county)) continue;
      codes.push(a.code);
      sources.set(source, record.asOf);
      near &&= check.near?.(v, county) === true;
      if (typeof v === 'string' && a.type !== 'ENUM') shown.push(`${a.zh} ${v}`);
    }
  }
  if (codes.length === 0) return null;
  const src = sourcesText(catalog, sources);
  const what = { zh: [...shown, src.zh].join('；'), en: [...shown, src.en].join('; ') };
  return {
    kind: check.discrepancy,
    severity: near ? LOWER[tolerances[check.tolerance].severity] : tolerances[check.tolerance].severity,
    personId: m.personId,
    holders: [m.personId],
    declared: null,
    verified: 1,
    attributes: codes,
    unit: null,
    sources: [...sources].map(([source, asOf]) => ({ source, asOf })),
    tolerance: null,
    zh: `${whoZh({ name: m.name })}${check.zh(what.zh)}`,
    en: `${whoEn({ name: m.name })}${check.en(what.en)}`,
  };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function compareOne(catalog: Catalog, kind: KindBase, who: (Who & { personId?: string }) | null, declared: number | null, found: Found | null, tolerances: DiscrepancyTolerances, holders: readonly ReportMember[] = []): Discrepancy | null {
  if (!found) return null;
  const t = tolerances[kind.tolerance];
  const verified = kind.unit === 'count' ? Math.round(found.value) : round2(found.value);
  const allowed = allowance(t, verified);
  if (Math.round((verified - (declared ?? 0)) * 100) <= Math.round(allowed * 100)) return null;
  const names = who ? [] : holders.map((m) => m.name);
  const text = amountSentence(catalog, { who, zh: kind.zh, en: kind.en, unit: kind.unit, unitZh: kind.unitZh, declared, verified, allowed, found, holders: names });
  return {
    kind: kind.discrepancy,
    severity: (declared ?? 0) === 0 ? t.severityWhenUndeclared : t.severity,
    personId: who?.personId ?? null,
    declared,
    verified,
    attributes: found.codes,
    unit: kind.unit,
    sources: [...found.sources].map(([source, asOf]) => ({ source, asOf })),
    tolerance: { kind: kind.tolerance, absolute: t.absolute, relative: t.relative, allowed },
    zh: text.zh,
    en: text.en,
    holders: who?.personId ? [who.personId] : holders.map((m) => m.personId),
  };
}

function scanHousehold(catalog: Catalog, members: readonly ReportMember[], parts: readonly Part[], fromSource?: (source: string) => boolean) {
  const each = members.map((m) => scanKind(catalog, m.records, parts, fromSource));
  return { found: addFound(each), holders: members.filter((_m, i) => (each[i]?.value ?? 0) > 0) };
}

/** findDiscrepancies as it was before the members' readings were indexed. */
function referenceDiscrepancies(catalog: Catalog, input: ComparisonInput): Discrepancy[] {
  const tolerances = input.tolerances ?? TOLERANCE_DEFAULTS;
  const { members } = input;
  const assets = input.household.declaredAssets;
  const county = countyOf(input.household.regionCode);
  const found: Discrepancy[] = [];
  for (const m of members) {
    const who = { name: m.name, personId: m.personId };
    const byKind = m.declaredIncome ?? null;
    const income = byKind
      ? INCOME_KINDS.map((k) => compareOne(catalog, k, who, byKind[k.declared] ?? null, scanKind(catalog, m.records, k.parts), tolerances))
      : [compareOne(catalog, TOTAL_INCOME, who, m.declaredMonthlyIncome, scanKind(catalog, m.records, TOTAL_INCOME.parts), tolerances)];
    const declaredWage = byKind ? (byKind.wage ?? 0) : (m.declaredMonthlyIncome ?? 0);
    if (declaredWage === 0) income.push(scanStatus(catalog, EMPLOYMENT_CHECK, m, county, tolerances));
    found.push(...income.filter((d): d is Discrepancy => d !== null));
    for (const check of STATUS_CHECKS) {
      const d = scanStatus(catalog, check, m, county, tolerances);
      if (d) found.push(d);
    }
  }
  for (const kind of ASSET_KINDS) {
    const declared = assets?.[kind.declared];
    if (declared === null || declared === undefined) continue;
    const held = scanHousehold(catalog, members, kind.parts);
    const d = compareOne(catalog, kind, null, declared, held.found, tolerances, held.holders);
    if (d) found.push(d);
  }
  if (assets?.depositsByBank) {
    const declaredAt = new Map<string, number>();
    for (const d of assets.depositsByBank) declaredAt.set(d.bank, (declaredAt.get(d.bank) ?? 0) + d.amount);
    for (const bank of catalog.sources.filter((s) => s.family === 'bank')) {
      const held = scanHousehold(catalog, members, DEPOSITS_PER_BANK.parts, (s) => s === bank.id);
      const kind = { ...DEPOSITS_PER_BANK, zh: `在${bank.zh}的存款`, en: `deposits at ${bank.en}` };
      const d = compareOne(catalog, kind, null, declaredAt.has(bank.id) ? declaredAt.get(bank.id)! : null, held.found, tolerances, held.holders);
      if (d) found.push(d);
    }
  }
  return withOverrideProvenance(catalog, members, found);
}

// ---- The sentences as they were: every agency's dates gathered again for each figure. ----

interface Label {
  zh: string;
  en: string;
}
const STATUS_ZH: Record<string, string> = { TIMEOUT: '超时未答复', UNAVAILABLE: '不可用', PENDING: '尚未答复', NOT_ASKED: '未查询' };
const money = (v: number) => v.toFixed(2);

function amountOf(f: Figure): Label {
  switch (f.unit) {
    case 'CNY/month':
      return { zh: `每月 ${money(f.value)} 元`, en: `${money(f.value)} CNY a month` };
    case 'CNY':
      return { zh: `${money(f.value)} 元`, en: `${money(f.value)} CNY` };
    case 'ratio':
      return { zh: `${(f.value * 100).toFixed(1)}%`, en: `${(f.value * 100).toFixed(1)}%` };
    case 'coefficient':
      return { zh: `系数 ${f.value}`, en: `coefficient ${f.value}` };
    case 'points':
      return { zh: `${f.value} 分`, en: `${f.value} points` };
    default:
      return { zh: `${f.value}`, en: `${f.value}` };
  }
}

function referenceSentence(f: Figure, persons: ReadonlyMap<string, ReportMember>, catalog: Catalog, increments: IncrementLabels): Label {
  const label = labelOf(f.rule, increments) ?? { zh: f.rule, en: f.rule };
  const value = amountOf(f);
  const names = f.persons.map((p) => persons.get(p)?.name).filter((n): n is string => !!n);
  const who: Label = names.length > 0 && names.length <= 3 ? { zh: `（${names.join('、')}）`, en: ` (${names.join(', ')})` } : { zh: '', en: '' };
  let from: Label | null = null;
  const seen = new Map<string, string>();
  for (const code of f.attributes) {
    const attribute = catalog.attribute(code);
    const source = attribute && catalog.source(attribute.source);
    if (!source || seen.has(source.id)) continue;
    const dates = [...persons.values()].flatMap((m) => {
      const r = m.records[source.id];
      return r?.found && (f.persons.length === 0 || f.persons.includes(m.personId)) ? [r.asOf] : [];
    });
    seen.set(source.id, dates.length > 0 ? `${source.zh}（截至 ${dates.sort().at(-1)}）` : source.zh);
  }
  if (seen.size > 0) from = { zh: `依据：${[...seen.values()].join('、')}`, en: `from ${[...seen.keys()].map((id) => catalog.source(id)!.en).join(', ')}` };
  const unverified: Label | null = f.provisional?.length
    ? { zh: `；未经核实：${f.provisional.map((m) => `${catalog.source(m.source)?.zh ?? m.source}${STATUS_ZH[m.status]}`).join('、')}`, en: `; not verified: ${f.provisional.map((m) => `${m.source} ${m.status.toLowerCase()}`).join(', ')}` }
    : null;
  const overrides = [...persons.values()].flatMap((m) => (f.persons.length === 0 || f.persons.includes(m.personId) ? f.attributes.flatMap((code) => (m.overrides?.[code] ? [{ code, o: m.overrides[code]! }] : [])) : []));
  const override: Label | null =
    overrides.length === 0
      ? null
      : {
          zh: `（复核更正：${overrides.map(({ code, o }) => `${catalog.attribute(code)?.zh ?? code}原值 ${String(o.original)} 更正为 ${String(o.value)}，${o.by} 依据证据 ${o.evidence.documentSha256.slice(0, 12)}`).join('；')}）`,
          en: ` (${overrides.map(({ code, o }) => `${code} ${String(o.original)} -> ${String(o.value)}, override by ${o.by} on evidence ${o.evidence.documentSha256.slice(0, 12)}`).join('; ')})`,
        };
  return {
    zh: `${label.zh}${who.zh} ${value.zh}${from ? `，${from.zh}` : ''}${override?.zh ?? ''}${unverified?.zh ?? ''}。`,
    en: `${label.en}${who.en}: ${value.en}${from ? `, ${from.en}` : ''}${override?.en ?? ''}${unverified?.en ?? ''}.`,
  };
}

function referenceExplain(assessment: Assessment, body: Pick<ReportBody, 'members' | 'supporters'>, catalog: Catalog, increments: IncrementLabels): Assessment {
  const persons = new Map([...body.members, ...body.supporters].map((m) => [m.personId, m]));
  eachFigure(assessment, (f) => {
    const s = referenceSentence(f, persons, catalog, increments);
    f.zh = s.zh;
    f.en = s.en;
  });
  return assessment;
}

// ---- Realistic households: the sandbox's applicants as a full verification reports them. ----

const cat = catalog();
const SEED = 20260701;
const DATE = '2026-06-30';
const versions = ['370000_2026-01-01', '370100_2026-01-01', '370102_2026-03-01'];
const merged = Object.assign({}, ...versions.map((v) => (JSON.parse(readFileSync(new URL(`../../src/regional-policy/data/${v}.json`, import.meta.url), 'utf8')) as { parameters: object }).parameters));
const policy: ResolvedPolicy = { regionCode: '370102', date: DATE, versions: [], parameters: policyParametersSchema.parse(merged) };
const tolerances = discrepancyTolerances(policy.parameters);
const increments: IncrementLabels = new Map((policy.parameters.benefit?.increments ?? []).map((i) => [i.code, { zh: i.zh, en: i.en }]));
const banks = cat.sources.filter((s) => s.family === 'bank');
const sourceIds = cat.sources.map((s) => s.id);

/** A person's records, sources listed in reverse (in no particular order), dated by source and person (banks later than registers). */
function reported(p: SandboxPerson, h: SandboxHousehold, byKind: boolean, n: number): ReportMember {
  const records: Record<string, PersonRecord> = {};
  for (const source of [...cat.sources].reverse()) {
    if (!holdsRecord(source, p, SEED)) {
      // A bank still pending leaves no record; other sources found nobody.
      if (source.family !== 'bank' || n % 3 !== 0) records[source.id] = { found: false };
      continue;
    }
    const asOf = source.family === 'bank' ? `2026-06-${String(20 + ((sourceIds.indexOf(source.id) + p.idNumber.charCodeAt(16)) % 10))}` : `2026-05-${String(20 + (p.idNumber.charCodeAt(15) % 10))}`;
    records[source.id] = { found: true, asOf, values: Object.fromEntries(cat.attributesOf(source.id).map((a) => [a.code, attributeValue(a, source, p, SEED)])) };
  }
  const d = h.declaration.members.find((x) => x.idNumber === p.idNumber);
  const m: ReportMember = { personId: p.idNumber, idNumber: p.idNumber, name: p.name, relation: p.relation, birthDate: p.birthDate, sex: p.sex, declaredMonthlyIncome: d?.monthlyIncome ?? null, records };
  if (byKind && d?.declaredIncome) m.declaredIncome = d.declaredIncome;
  return m;
}

/** An accepted objection on a member's first found money value (the override's provenance in sentences and discrepancies). */
function withOverride(m: ReportMember): ReportMember {
  for (const source of Object.keys(m.records).sort()) {
    const record = m.records[source];
    if (!record?.found) continue;
    const a: Attribute | undefined = cat.attributesOf(source).find((x) => x.type === 'MONEY' && typeof record.values[x.code] === 'number');
    if (!a) continue;
    const o = { original: record.values[a.code]!, value: 0, by: 'reviewer-wang', raisedBy: 'caseworker-li', evidence: { documentSha256: 'ab'.repeat(32), note: 'payslip' }, objectionId: 'obj-1', at: DATE };
    return { ...m, records: { ...m.records, [source]: { ...record, values: { ...record.values, [a.code]: 0 } } }, overrides: { [a.code]: o } };
  }
  return m;
}

/** The member's registers say so too: hukou in another province (every agency reporting it), on the public payroll. */
function registered(m: ReportMember): ReportMember {
  const records = Object.fromEntries(
    Object.entries(m.records).map(([source, record]) => {
      if (!record.found) return [source, record];
      const changed = cat.attributesOf(source).filter((a) => a.category === 'identity.hukou_region' || (a.category === 'status.public_employee' && a.type === 'BOOLEAN'));
      return [source, { ...record, values: { ...record.values, ...Object.fromEntries(changed.map((a) => [a.code, a.category === 'identity.hukou_region' ? '110105' : true])) } }];
    }),
  );
  return { ...m, records };
}

const population = buildPopulation({ seed: SEED, households: 500, banks: banks.map((s) => s.id) });
const applicants = population.households.filter((h) => h.applicant && !h.fixture).slice(0, 60);
const households = applicants.map((h, n) => {
  const byKind = n % 2 === 0 && h.declaration.declaredAssets !== undefined;
  let members = h.members.map((p) => reported(p, h, byKind, n));
  if (n % 6 === 2) members = members.map((m, i) => (i === 1 ? registered(m) : m));
  if (n % 7 === 3) members = members.map((m, i) => (i === 0 ? withOverride(m) : m));
  // Some households declare deposits bank by bank: what the sandbox lists, or every bank 0.
  let declaredAssets: DeclaredAssets = byKind ? h.declaration.declaredAssets! : h.declaration.assets;
  // Some declare nothing at all: every income and holding an agency reports is above the declaration.
  if (byKind && n % 6 === 2) {
    declaredAssets = { deposits: 0, depositsByBank: [], wealthProducts: 0, funds: 0, securities: 0, housingFund: 0, insuranceCashValue: 0, businessCapital: 0, land: 0, vehicles: 0, properties: 0, businesses: 0 };
    members = members.map((m) => ({ ...m, declaredMonthlyIncome: 0, declaredIncome: { wage: 0, business: 0, pension: 0, property: 0, transfer: 0, other: 0 } }));
  }
  if (byKind && n % 4 === 0 && !h.declaration.declaredAssets!.depositsByBank) declaredAssets = { ...declaredAssets, depositsByBank: banks.slice(0, 3).map((b) => ({ bank: b.id, amount: 0 })) };
  // A supporter for some: another household's member.
  const other = population.households[(n * 13 + 7) % population.households.length]!;
  const supporters = n % 5 === 1 ? other.members.slice(0, 1).map((p) => ({ ...reported(p, other, false, n), relation: 'CHILD' })) : [];
  return { members, supporters, household: { regionCode: h.regionCode, declaredAssets } };
});

describe('the comparison and the sentences read each person once', () => {
  it('finds the discrepancies the plain scan of the records finds, in the same order', () => {
    let total = 0;
    const kinds = new Set<string>();
    for (const h of households) {
      const input: ComparisonInput = { members: h.members, household: h.household, tolerances };
      const expected = referenceDiscrepancies(cat, input);
      expect(canonicalJson(findDiscrepancies(cat, input))).toBe(canonicalJson(expected));
      // The default tolerances too.
      expect(canonicalJson(findDiscrepancies(cat, { members: h.members, household: h.household }))).toBe(canonicalJson(referenceDiscrepancies(cat, { members: h.members, household: h.household })));
      total += expected.length;
      for (const d of expected) kinds.add(d.kind);
    }
    // The households exercise the comparison: many findings, of amounts, per bank, statuses and overrides.
    expect(households.length).toBe(60);
    expect(total).toBeGreaterThan(120);
    expect(kinds).toContain('DEPOSITS_AT_BANK_ABOVE_DECLARED');
    expect(kinds).toContain('UNREPORTED_EMPLOYMENT');
    expect(kinds).toContain('MEMBER_ON_PUBLIC_PAYROLL');
    expect(kinds).toContain('MEMBER_HUKOU_MOVED_OUT');
    expect([...kinds].length).toBeGreaterThan(18);
    expect(households.flatMap((h) => referenceDiscrepancies(cat, { members: h.members, household: h.household, tolerances })).some((d) => d.sources?.some((s) => s.overrides))).toBe(true);
  });

  it('reads every part as the scan does, one bank or all (readPart, as an objection\'s deciding values read it)', () => {
    const parts = [...INCOME_KINDS, TOTAL_INCOME, ...ASSET_KINDS, DEPOSITS_PER_BANK].flatMap((k) => k.parts);
    let read = 0;
    for (const m of households.slice(0, 12).flatMap((h) => h.members)) {
      for (const part of parts) {
        const found = readPart(cat, m.records, part);
        expect(found).toEqual(scanPart(cat, m.records, part));
        if (found) read += 1;
        for (const bank of banks.slice(0, 4)) expect(readPart(cat, m.records, part, (s) => s === bank.id)).toEqual(scanPart(cat, m.records, part, (s) => s === bank.id));
      }
    }
    expect(read).toBeGreaterThan(100);
  });

  it('reads answers written into the same records after an earlier comparison', () => {
    const h = households.find((x) => x.members.some((m) => banks.some((b) => m.records[b.id] === undefined)))!;
    const members = h.members.map((m) => ({ ...m, records: { ...m.records } }));
    const input: ComparisonInput = { members, household: h.household, tolerances };
    const before = canonicalJson(findDiscrepancies(cat, input));
    // A bank answering a pending ticket writes its record into the member's records in place.
    const m = members.find((x) => banks.some((b) => x.records[b.id] === undefined))!;
    const bank = banks.find((b) => m.records[b.id] === undefined)!;
    m.records[bank.id] = { found: true, asOf: DATE, values: Object.fromEntries(cat.attributesOf(bank.id).map((a) => [a.code, a.type === 'MONEY' ? 9_000_000 : null])) };
    const after = canonicalJson(findDiscrepancies(cat, input));
    expect(after).not.toBe(before);
    expect(after).toBe(canonicalJson(referenceDiscrepancies(cat, input)));
  });

  it('writes the sentences the plain reading writes, figure by figure', () => {
    let figures = 0;
    for (const h of households) {
      const body = { ...h, sources: [], purpose: 'NEW_APPLICATION' as const };
      const assessment = assessReport(body, policy, cat);
      const expected = referenceExplain(structuredClone(assessment), body, cat, increments);
      // Sentences written over a copy whose figures said something else before.
      const copy = structuredClone(assessment);
      eachFigure(copy, (f) => {
        f.zh = 'x';
        f.en = 'x';
        figures += 1;
      });
      expect(JSON.stringify(explainAssessment(copy, body, cat, increments))).toBe(JSON.stringify(expected));
    }
    expect(figures).toBeGreaterThan(2000);
  });
});
