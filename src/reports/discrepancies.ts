import type { Catalog } from '../catalog/index.js';
import { TOLERANCE_DEFAULTS, type AmountTolerance, type DiscrepancyTolerances } from '../regional-policy/index.js';
import { ASSET_KINDS, DEPOSITS_PER_BANK, INCOME_KINDS, TOTAL_INCOME, type KindBase } from './compare/kinds.js';
import { addFound, readingsOf, readKind, readsAttribute, type Found, type Readings } from './compare/read.js';
import { amountSentence, type Who } from './compare/sentence.js';
import { checkStatus, countyOf, EMPLOYMENT_CHECK, STATUS_CHECKS } from './compare/status.js';
import { DISCREPANCY_LABELS } from './labels.js';
import { withOverrideProvenance } from './overrides.js';
import type { DeclaredAssets, Discrepancy, ReportMember } from './report.js';

/**
 * Attribute codes the comparison with the declaration reads: the single list. A verification
 * that asks for discrepancies fetches these (within what its purpose allows).
 */
export function comparisonAttributes(catalog: Catalog): string[] {
  const parts = [...INCOME_KINDS, TOTAL_INCOME, ...ASSET_KINDS].flatMap((k) => k.parts);
  const checks = [...STATUS_CHECKS, EMPLOYMENT_CHECK];
  return catalog.attributes.filter((a) => parts.some((p) => readsAttribute(p, a)) || checks.some((c) => c.reads(a))).map((a) => a.code);
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** What may be held beyond the declaration: max(absolute, relative x verified), in the kind's unit. */
export function allowance(t: Pick<AmountTolerance, 'absolute' | 'relative'>, verified: number): number {
  return round2(Math.max(t.absolute, t.relative * verified));
}

/**
 * The discrepancy of one compared amount, or null when the verified figure is within the tolerance.
 * `holders`: for a household item, the members whose records hold it (named in the sentence).
 */
function compare(catalog: Catalog, kind: KindBase, who: (Who & { personId?: string }) | null, declared: number | null, found: Found | null, tolerances: DiscrepancyTolerances, holders: readonly ReportMember[] = []): Discrepancy | null {
  if (!found) return null;
  const t = tolerances[kind.tolerance];
  const verified = kind.unit === 'count' ? Math.round(found.value) : round2(found.value);
  const allowed = allowance(t, verified);
  // Compared in fen (or whole units): no float noise decides.
  if (Math.round((verified - (declared ?? 0)) * 100) <= Math.round(allowed * 100)) return null;
  const names = who ? [] : holders.map((m) => m.name);
  const text = amountSentence(catalog, { who, zh: kind.zh, en: kind.en, unit: kind.unit, unitZh: kind.unitZh, declared, verified, allowed, found, holders: names });
  // Keys in canonical order, as the report's objects are built (canonical/inKeyOrder).
  return {
    attributes: found.codes,
    declared,
    en: text.en,
    holders: who?.personId ? [who.personId] : holders.map((m) => m.personId),
    kind: kind.discrepancy,
    personId: who?.personId ?? null,
    severity: (declared ?? 0) === 0 ? t.severityWhenUndeclared : t.severity,
    sources: [...found.sources].map(([source, asOf]) => ({ asOf, source })),
    tolerance: { absolute: t.absolute, allowed, kind: kind.tolerance, relative: t.relative },
    unit: kind.unit,
    verified,
    zh: text.zh,
  };
}

/** A household kind: every member's holding added (`readings`: each member's, in the same order), and the members who hold some of it. */
function household(members: readonly ReportMember[], readings: readonly Readings[], parts: KindBase['parts'], fromSource?: (source: string) => boolean): { found: Found | null; holders: ReportMember[] } {
  const each = readings.map((r) => readKind(r, parts, fromSource));
  return { found: addFound(each), holders: members.filter((_m, i) => (each[i]?.value ?? 0) > 0) };
}

/** A member's income: by kind when declared by kind, else the declared total; then employment against a zero wage. */
function memberIncome(catalog: Catalog, m: ReportMember, readings: Readings, tolerances: DiscrepancyTolerances, county: string): Discrepancy[] {
  const who = { name: m.name, personId: m.personId };
  const byKind = m.declaredIncome ?? null;
  const found = byKind
    ? INCOME_KINDS.map((k) => compare(catalog, k, who, byKind[k.declared] ?? null, readKind(readings, k.parts), tolerances))
    : [compare(catalog, TOTAL_INCOME, who, m.declaredMonthlyIncome, readKind(readings, TOTAL_INCOME.parts), tolerances)];
  const declaredWage = byKind ? (byKind.wage ?? 0) : (m.declaredMonthlyIncome ?? 0);
  if (declaredWage === 0) found.push(checkStatus(catalog, EMPLOYMENT_CHECK, m, readings, county, tolerances));
  return found.filter((d): d is Discrepancy => d !== null);
}

/** Deposits bank by bank, when declared so: every bank declared or holding deposits (a bank not listed: declared none). */
function depositsByBank(catalog: Catalog, members: readonly ReportMember[], readings: readonly Readings[], declared: NonNullable<DeclaredAssets['depositsByBank']>, tolerances: DiscrepancyTolerances): Discrepancy[] {
  const declaredAt = new Map<string, number>();
  for (const d of declared) declaredAt.set(d.bank, (declaredAt.get(d.bank) ?? 0) + d.amount);
  const banks = catalog.sources.filter((s) => s.family === 'bank');
  return banks.flatMap((bank) => {
    const held = household(members, readings, DEPOSITS_PER_BANK.parts, (s) => s === bank.id);
    const kind = { ...DEPOSITS_PER_BANK, zh: `在${bank.zh}的存款`, en: `deposits at ${bank.en}` };
    const d = compare(catalog, kind, null, declaredAt.has(bank.id) ? declaredAt.get(bank.id)! : null, held.found, tolerances, held.holders);
    return d ? [d] : [];
  });
}

export interface ComparisonInput {
  members: readonly ReportMember[];
  household: { regionCode: string; declaredAssets: DeclaredAssets | null };
  /** The resolved policy's `discrepancyTolerances` (default: the 2026 seed's). */
  tolerances?: DiscrepancyTolerances;
}

/**
 * Every declared item the agencies contradict: each member's income (by kind, or the total), each
 * kind of household holding the household declared (deposits in total and per bank when so
 * declared), and each member's status. A holding kind the client did not send (absent or null, as
 * clients from before the kinds send them) is not a declaration of none and is not compared; one
 * sent as 0 is. Within a member's declared income by kind, a kind left out is none (the total is
 * their sum).
 */
export function findDiscrepancies(catalog: Catalog, input: ComparisonInput): Discrepancy[] {
  const tolerances = input.tolerances ?? TOLERANCE_DEFAULTS;
  const { members } = input;
  const assets = input.household.declaredAssets;
  const county = countyOf(input.household.regionCode);
  // Each member's found values read once for this comparison (never kept: records change as answers arrive).
  const readings = members.map((m) => readingsOf(catalog, m.records));
  const found: Discrepancy[] = [];
  for (const [i, m] of members.entries()) {
    found.push(...memberIncome(catalog, m, readings[i]!, tolerances, county));
    for (const check of STATUS_CHECKS) {
      const d = checkStatus(catalog, check, m, readings[i]!, county, tolerances);
      if (d) found.push(d);
    }
  }
  for (const kind of ASSET_KINDS) {
    const declared = assets?.[kind.declared];
    if (declared === null || declared === undefined) continue;
    const held = household(members, readings, kind.parts);
    const d = compare(catalog, kind, null, declared, held.found, tolerances, held.holders);
    if (d) found.push(d);
  }
  if (assets?.depositsByBank) found.push(...depositsByBank(catalog, members, readings, assets.depositsByBank, tolerances));
  // A compared value replaced by an accepted objection (复核) says so in the sentence and the sources.
  return withOverrideProvenance(catalog, members, found);
}

/** A discrepancy's label and sentences; a report stored before sentences reads its label instead. */
export function discrepancyText(d: Discrepancy): { labelZh: string; zh: string; en: string } {
  const label = DISCREPANCY_LABELS[d.kind] ?? { zh: d.kind, en: d.kind };
  return { labelZh: label.zh, zh: d.zh ?? label.zh, en: d.en ?? label.en };
}
