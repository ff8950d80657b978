import type { Catalog, Category } from '../catalog/index.js';
import { RIGID_EXPENDITURE_KINDS, type PolicyParameters, type RigidExpenditureKind } from '../regional-policy/index.js';
import type { Condition } from './labour.js';
import type { AssessedPerson, Figure, IncomeKind } from './model.js';
import { ASSISTANCE_PAYMENTS, CODES, NOT_ASSISTANCE_FLAGS, NOT_MEMBER_INCOME, figure, highest, monthly, numeric, ofCategory, readings, total, trueCodes, unique, type Amount } from './read.js';

/** Income kinds read from the records, and the catalogue category each reads. */
export const RECORDED_INCOME: Readonly<Record<Exclude<IncomeKind, 'IMPUTED_INFORMAL_WORK' | 'IMPUTED_FARM' | 'SUPPORT'>, Category>> = {
  WAGE: 'income.wage',
  PENSION: 'income.pension',
  UNEMPLOYMENT: 'income.unemployment',
  BUSINESS: 'income.business',
  PROPERTY: 'income.property',
  INTEREST: 'income.interest',
  TRANSFER: 'income.transfer',
  OTHER: 'income.other',
};
export type RecordedKind = keyof typeof RECORDED_INCOME;

/**
 * Kinds that count toward gross income. TRANSFER is assistance and aid already received: counting
 * it would make a household less eligible for the very assistance it receives.
 */
export const COUNTED_KINDS: readonly IncomeKind[] = ['WAGE', 'PENSION', 'UNEMPLOYMENT', 'BUSINESS', 'PROPERTY', 'INTEREST', 'OTHER', 'IMPUTED_INFORMAL_WORK', 'IMPUTED_FARM', 'SUPPORT'];

/** Earned income: a member who has any is not imputed income for work they could do. */
const EARNED: readonly RecordedKind[] = ['WAGE', 'BUSINESS', 'PENSION'];

/** A kind as it appears in rule ids: `PENSION_CONTRIBUTION` -> `pension-contribution`. */
export const slug = (kind: string): string => kind.toLowerCase().replaceAll('_', '-');

/** The highest monthly report of a money category (never a sum: agencies report the same income). */
export function monthlyHighest(catalog: Catalog, person: AssessedPerson, category: Category, skip: readonly string[] = []): Amount | null {
  const values = numeric(readings(catalog, person, (a) => a.category === category && a.type === 'MONEY' && !skip.includes(a.code)));
  const best = highest(values.map((v) => ({ attribute: v.attribute, value: monthly(v.attribute, v.value) })));
  // A loss reported as negative income does not offset other income.
  return best && { ...best, value: Math.max(0, best.value) };
}

/** A person's recorded income by kind, monthly, unrounded. */
export function recordedIncome(catalog: Catalog, person: AssessedPerson): Partial<Record<RecordedKind, Figure>> {
  const out: Partial<Record<RecordedKind, Figure>> = {};
  for (const [kind, category] of Object.entries(RECORDED_INCOME) as [RecordedKind, Category][]) {
    const skip = kind === 'OTHER' ? [...ASSISTANCE_PAYMENTS, ...NOT_MEMBER_INCOME] : [];
    const amount = monthlyHighest(catalog, person, category, skip);
    if (amount) out[kind] = figure(amount.value, 'CNY/month', `income.${slug(kind)}.max-of-sources`, amount.attributes, [person.personId]);
  }
  return out;
}

/** Sum of the kinds that count toward gross income. */
export function countedTotal(income: Partial<Record<IncomeKind, Figure>>): number {
  return COUNTED_KINDS.reduce((s, k) => s + (income[k]?.value ?? 0), 0);
}

export function hasEarnedIncome(income: Partial<Record<IncomeKind, Figure>>): boolean {
  return EARNED.some((k) => (income[k]?.value ?? 0) > 0);
}

/**
 * Income imputed to a member who could work but has no earned income on record: farm income in a
 * rural household for a member with contracted land or a rural hukou, informal work otherwise.
 * At most one kind per member.
 */
export function imputedIncome(
  catalog: Catalog,
  person: AssessedPerson,
  area: 'URBAN' | 'RURAL',
  coefficient: Figure,
  income: Partial<Record<IncomeKind, Figure>>,
  economy: PolicyParameters['economy'],
): { kind: 'IMPUTED_INFORMAL_WORK' | 'IMPUTED_FARM'; figure: Figure } | null {
  if (coefficient.value <= 0 || hasEarnedIncome(income)) return null;
  if (area === 'RURAL') {
    const land = numeric(readings(catalog, person, ofCategory('asset.land'))).filter((r) => r.value > 0);
    const hukou = readings(catalog, person, ofCategory('identity.hukou_type')).filter((r) => r.value === 'RURAL');
    if (land.length > 0 || hukou.length > 0) {
      const value = (coefficient.value * economy.ruralDisposableIncomeYearly * economy.farmIncomeShare) / 12;
      const codes = [...coefficient.attributes, ...land.map((r) => r.attribute.code), ...hukou.map((r) => r.attribute.code)];
      return { kind: 'IMPUTED_FARM', figure: figure(value, 'CNY/month', 'imputed.farm', codes, [person.personId]) };
    }
  }
  const value = (coefficient.value * economy.urbanMinimumWageMonthly * economy.informalWorkMonths) / 12;
  return { kind: 'IMPUTED_INFORMAL_WORK', figure: figure(value, 'CNY/month', 'imputed.informal-work', coefficient.attributes, [person.personId]) };
}

/** The `status.assistance` flags that are true: assistance the person receives. */
export function assistanceFlags(catalog: Catalog, person: AssessedPerson): string[] {
  return trueCodes(readings(catalog, person, (a) => a.category === 'status.assistance' && a.type === 'BOOLEAN' && !NOT_ASSISTANCE_FLAGS.includes(a.code)));
}

export interface SupporterAssessment {
  personId: string;
  /** The supporter's own recorded monthly income (counted kinds only). */
  income: number;
  share: number;
  support: number;
  /** Why the share is zero, when it is. */
  exemption: string | null;
  attributes: string[];
}

/**
 * What a supporter (a child outside the household) is expected to contribute: a share of their own
 * recorded income, the higher share when they are well off, nothing when they cannot support.
 */
export function supporterContribution(catalog: Catalog, person: AssessedPerson, c: Condition, support: PolicyParameters['support']): SupporterAssessment {
  const recorded = recordedIncome(catalog, person);
  const income = countedTotal(recorded);
  const incomeCodes = (Object.entries(recorded) as [RecordedKind, Figure][]).flatMap(([kind, f]) => (kind !== 'TRANSFER' && f.value > 0 ? f.attributes : []));

  const assisted = assistanceFlags(catalog, person);
  const exemptions: [boolean, string, string[]][] = [
    [c.deceased, 'deceased', c.absenceAttributes],
    [c.imprisoned, 'imprisoned', c.absenceAttributes],
    [assisted.length > 0, 'receives assistance', assisted],
    [c.seriouslyIll, 'seriously ill', c.seriousIllnessAttributes],
    [c.severelyDisabled, 'severely disabled', c.disabilityAttributes],
    [c.student, 'student', c.studentAttributes],
  ];
  const exempt = exemptions.find(([applies]) => applies);
  if (exempt) return { personId: person.personId, income, share: 0, support: 0, exemption: exempt[1], attributes: unique(exempt[2]) };

  const deposits = total(numeric(readings(catalog, person, ofCategory('asset.deposit', 'MONEY'))));
  const luxury = trueCodes(readings(catalog, person, (a) => a.code === CODES.luxuryVehicle));
  const properties = highest(numeric(readings(catalog, person, ofCategory('asset.property_count', 'INTEGER'))));
  const wealthCodes: string[] = [];
  if (deposits && deposits.value >= support.wealthyDepositsPerCapita) wealthCodes.push(...deposits.attributes);
  wealthCodes.push(...luxury);
  if (properties && properties.value > 1) wealthCodes.push(...properties.attributes);
  const share = wealthCodes.length > 0 ? support.maxShare : support.minShare;
  return { personId: person.personId, income, share, support: income * share, exemption: null, attributes: unique([...incomeCodes, ...wealthCodes]) };
}

export function supportFigure(supporters: readonly SupporterAssessment[]): Figure {
  return figure(
    supporters.reduce((s, x) => s + x.support, 0),
    'CNY/month',
    'support.share-of-supporter-income',
    supporters.flatMap((s) => s.attributes),
    supporters.map((s) => s.personId),
  );
}

/** Rigid expenditure of the kinds the policy deducts, monthly, highest report per kind. */
export function rigidExpenditure(catalog: Catalog, person: AssessedPerson, deductible: readonly RigidExpenditureKind[]): Partial<Record<RigidExpenditureKind, Figure>> {
  const out: Partial<Record<RigidExpenditureKind, Figure>> = {};
  for (const kind of deductible) {
    const amount = monthlyHighest(catalog, person, RIGID_EXPENDITURE_KINDS[kind]);
    if (amount) out[kind] = figure(amount.value, 'CNY/month', `rigid.${slug(kind)}.max-of-sources`, amount.attributes, [person.personId]);
  }
  return out;
}
