import type { Catalog, Category } from '../catalog/index.js';
import { RIGID_EXPENDITURE_KINDS, type RigidExpenditureKind } from '../regional-policy/index.js';
import type { AssessedPerson, Figure, IncomeKind } from './model.js';
import { ASSISTANCE_PAYMENTS, NOT_ASSISTANCE_FLAGS, NOT_MEMBER_INCOME, byPayment, figure, highest, monthly, numeric, readingsIn, readingsReadAs, trueCodes, type Amount } from './read.js';

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

/** A kind as it appears in rule ids: `PENSION_CONTRIBUTION` -> `pension-contribution`. */
export const slug = (kind: string): string => kind.toLowerCase().replaceAll('_', '-');

/** The highest monthly report of a money category (never a sum: agencies report the same income). */
export function monthlyHighest(catalog: Catalog, person: AssessedPerson, category: Category, skip: readonly string[] = []): Amount | null {
  const values = numeric(readingsIn(catalog, person, category, 'MONEY').filter((r) => !skip.includes(r.attribute.code)));
  const best = highest(values.map((v) => ({ attribute: v.attribute, value: monthly(v.attribute, v.value) })));
  // A loss reported as negative income does not offset other income.
  return best && { ...best, value: Math.max(0, best.value) };
}

/**
 * A money category's monthly income: per payment the highest report (agencies report the same
 * wage), different payments added (an annuity and labour-service pay); items read as the
 * category they are (`readCategory`: a resident pension is a pension).
 */
export function monthlyIncome(catalog: Catalog, person: AssessedPerson, category: Category, skip: readonly string[] = []): Amount | null {
  const values = numeric(readingsReadAs(catalog, person, category, 'MONEY').filter((r) => !skip.includes(r.attribute.code)));
  // A loss reported as negative income does not offset other income.
  return byPayment(values.map((v) => ({ attribute: v.attribute, value: Math.max(0, monthly(v.attribute, v.value)) })));
}

/** A person's recorded income by kind, monthly, unrounded. */
export function recordedIncome(catalog: Catalog, person: AssessedPerson): Partial<Record<RecordedKind, Figure>> {
  const out: Partial<Record<RecordedKind, Figure>> = {};
  for (const [kind, category] of Object.entries(RECORDED_INCOME) as [RecordedKind, Category][]) {
    const skip = kind === 'OTHER' ? [...ASSISTANCE_PAYMENTS, ...NOT_MEMBER_INCOME] : [];
    const amount = monthlyIncome(catalog, person, category, skip);
    // The rule id stays `max-of-sources` (stored assessments cite it): the highest report per payment.
    if (amount) out[kind] = figure(amount.value, 'CNY/month', `income.${slug(kind)}.max-of-sources`, amount.attributes, [person.personId]);
  }
  return out;
}

/** Sum of the kinds that count toward gross income. */
export function countedTotal(income: Partial<Record<IncomeKind, Figure>>): number {
  return COUNTED_KINDS.reduce((s, k) => s + (income[k]?.value ?? 0), 0);
}

/** The `status.assistance` flags that are true: assistance the person receives. */
export function assistanceFlags(catalog: Catalog, person: AssessedPerson): string[] {
  return trueCodes(readingsIn(catalog, person, 'status.assistance', 'BOOLEAN').filter((r) => !NOT_ASSISTANCE_FLAGS.includes(r.attribute.code)));
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
