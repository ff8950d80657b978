import type { Attribute, AttributeValue, Catalog, Category } from '../catalog/index.js';
import type { AssessedPerson, Figure } from './model.js';

/**
 * Attribute codes the assessment reads by code: the catalogue files them under a broad category
 * (`status.other`, `asset.other`, `income.other`) that also holds unrelated items.
 */
export const CODES = {
  chronicDisease: 'mi_medical.chronic_disease',
  luxuryVehicle: 'ps_vehicle.luxury_vehicle',
  dibao: 'ca_assistance.dibao_recipient',
  tekun: 'ca_assistance.tekun_recipient',
  lowIncome: 'ca_assistance.low_income_recipient',
  monitored: 'rr_monitoring.monitored',
  orphanAllowance: 'ca_assistance.orphan_allowance_monthly',
  insuranceClaims: 'ins_association.claims_paid_12m',
  injuryAllowance: 'hrss_benefit.injury_allowance_monthly',
  /** `activity.other`: registered in flexible employment, i.e. working without a fixed employer. */
  flexibleEmployment: 'hrss_employment.flexible_employment',
  /** `income.other`: pay for labour services, the income of work without a fixed employer. */
  labourServiceIncome: 'tax.labour_service_income_12m',
} as const;

/**
 * `income.other` items that are assistance paid because of need (civil affairs, disability
 * federation, housing and student aid): counting them as income would be circular, like
 * `income.transfer`. They are listed in `currentAssistance` instead.
 */
export const ASSISTANCE_PAYMENTS: readonly string[] = [
  'ca_assistance.temporary_assistance_12m',
  'ca_assistance.elderly_allowance_monthly',
  'ca_assistance.orphan_allowance_monthly',
  'dpf_disability.care_subsidy_monthly',
  'dpf_disability.living_subsidy_monthly',
  'hc_housing.housing_subsidy_monthly',
  'edu_student.grant_year',
];

/**
 * `income.other` items that are not a member's income at all: the relapse-monitoring survey's
 * household income per person would count the household's wages a second time.
 */
export const NOT_MEMBER_INCOME: readonly string[] = ['rr_monitoring.per_capita_income_year'];

/**
 * Payments several agencies report under different codes: the same money, so the highest report
 * counts (a wage is reported by the employer to HR, to the tax office and, on the public payroll,
 * by the finance bureau; the Red Cross reports its aid in total and its medical aid, part of it).
 * Every other income attribute is a payment of its own: different payments of one kind add up
 * (each aid or allowance; labour-service pay, an annuity, dividends). The means test and the
 * comparison with the declaration both read incomes this way (`byPayment`).
 */
export const SAME_PAYMENT: Readonly<Record<string, readonly string[]>> = {
  wage: ['hrss_employment.wage_monthly', 'tax.wage_income_12m', 'fin_payroll.payroll_monthly'],
  'red-cross-aid': ['redcross_aid.aid_received_12m', 'redcross_aid.medical_aid_12m'],
};

const PAYMENT_OF = new Map(Object.entries(SAME_PAYMENT).flatMap(([payment, codes]) => codes.map((c) => [c, payment] as const)));

/** The payment an income attribute reports: its group in `SAME_PAYMENT`, else its own. */
export const paymentOf = (code: string): string => PAYMENT_OF.get(code) ?? code;

/**
 * Income items read under another category than the catalogue files them in, for the means test
 * and the comparison alike: a resident pension (城乡居民养老金) is a pension, not other income.
 */
export const READ_AS: Readonly<Record<string, Category>> = { 'hrss_benefit.resident_pension_monthly': 'income.pension' };

/** The category an attribute is read under (`READ_AS`, else the catalogue's). */
export const readCategory = (a: Attribute): Category => READ_AS[a.code] ?? a.category;

/** `status.assistance` flags that are not assistance received (monitoring is a watch, not a payment). */
export const NOT_ASSISTANCE_FLAGS: readonly string[] = [CODES.monitored];

export interface Reading {
  readonly attribute: Attribute;
  readonly value: AttributeValue;
}

/** A person's found values read once: all in reading order, and by category as filed and as read (`readCategory`). */
interface Index {
  catalog: Catalog;
  all: readonly Reading[];
  filed: ReadonlyMap<Category, readonly Reading[]>;
  readAs: ReadonlyMap<Category, readonly Reading[]>;
}

/**
 * The indexes of the copies `assess` works on (`indexed`). Keyed by a copy made for one assessment,
 * not by the input person or its `records`: answers written into the same `records` later (a bank
 * answering a pending ticket, a source asked again) are read afresh by the next assessment.
 */
const INDEXES = new WeakMap<AssessedPerson, Index>();

/** Sources in id order and attributes in catalogue order, so that ties and listings never depend on the order the records arrived in. */
function indexOf(catalog: Catalog, person: AssessedPerson): Index {
  const all: Reading[] = [];
  for (const sourceId of Object.keys(person.records).sort()) {
    const record = person.records[sourceId];
    if (!record?.found) continue;
    for (const attribute of catalog.attributesOf(sourceId)) {
      const value = record.values[attribute.code];
      if (value !== undefined && value !== null) all.push({ attribute, value });
    }
  }
  return { catalog, all, ...byCategory(all) };
}

/**
 * Readings grouped by the category the catalogue files their attribute under and by the one it is
 * read under (`readCategory`), each group in the readings' order: the means test's index and the
 * comparison's (src/reports/compare) are made alike.
 */
export function byCategory<R extends { attribute: Attribute }>(all: readonly R[]): { filed: Map<Category, R[]>; readAs: Map<Category, R[]> } {
  const filed = new Map<Category, R[]>();
  const readAs = new Map<Category, R[]>();
  const add = (map: Map<Category, R[]>, category: Category, r: R) => {
    const list = map.get(category);
    if (list) list.push(r);
    else map.set(category, [r]);
  };
  for (const r of all) {
    add(filed, r.attribute.category, r);
    add(readAs, readCategory(r.attribute), r);
  }
  return { filed, readAs };
}

/**
 * A copy of the person for one assessment, its found values indexed now: the assessment reads
 * them dozens of times and never changes them.
 */
export function indexed(catalog: Catalog, person: AssessedPerson): AssessedPerson {
  const copy = { ...person };
  INDEXES.set(copy, indexOf(catalog, person));
  return copy;
}

/** The copy's index, or (a person read outside `assess`, as tests do) one made for this read only. */
function indexFor(catalog: Catalog, person: AssessedPerson): Index {
  const known = INDEXES.get(person);
  return known?.catalog === catalog ? known : indexOf(catalog, person);
}

const NONE: readonly Reading[] = [];

/** Every value the person's found records hold for attributes matching `accept`, in reading order (`indexOf`). */
export function readings(catalog: Catalog, person: AssessedPerson, accept: (a: Attribute) => boolean): Reading[] {
  return indexFor(catalog, person).all.filter((r) => accept(r.attribute));
}

/**
 * The values of attributes the catalogue files under `category` (any of several), of `type` if
 * given, in reading order: a look-up, not a scan.
 */
export function readingsIn(catalog: Catalog, person: AssessedPerson, category: Category | readonly Category[], type?: Attribute['type']): readonly Reading[] {
  const index = indexFor(catalog, person);
  // Several categories: the readings interleave, so reading order comes from the full list.
  const rs = typeof category === 'string' ? (index.filed.get(category) ?? NONE) : index.all.filter((r) => category.includes(r.attribute.category));
  return type === undefined ? rs : rs.filter((r) => r.attribute.type === type);
}

/** The values of attributes read under `category` (`readCategory`), of `type` if given, in reading order. */
export function readingsReadAs(catalog: Catalog, person: AssessedPerson, category: Category, type?: Attribute['type']): readonly Reading[] {
  const rs = indexFor(catalog, person).readAs.get(category) ?? NONE;
  return type === undefined ? rs : rs.filter((r) => r.attribute.type === type);
}

/** The reading of one attribute, if its source found the person and gave a value: a look-up, not a scan. */
export function readingOf(catalog: Catalog, person: AssessedPerson, code: string): Reading[] {
  const attribute = catalog.attribute(code);
  const record = attribute ? person.records[attribute.source] : undefined;
  const value = record?.found ? record.values[code] : undefined;
  return attribute && value !== undefined && value !== null ? [{ attribute, value }] : [];
}

/**
 * A money value as CNY per month: yearly amounts over 12; a plain `CNY` amount in a flow category
 * is a one-off payment, spread over the year it is counted for.
 */
export function monthly(a: Attribute, value: number): number {
  return a.unit === 'CNY/month' ? value : value / 12;
}

/** Numeric readings only (a non-number where a number is expected is ignored, not guessed at). */
export function numeric(rs: readonly Reading[]): { attribute: Attribute; value: number }[] {
  const out: { attribute: Attribute; value: number }[] = [];
  for (const r of rs) if (typeof r.value === 'number' && Number.isFinite(r.value)) out.push({ attribute: r.attribute, value: r.value });
  return out;
}

/** The codes that were true among boolean readings. */
export function trueCodes(rs: readonly Reading[]): string[] {
  return unique(rs.filter((r) => r.value === true).map((r) => r.attribute.code));
}

export function unique(codes: readonly string[]): string[] {
  return [...new Set(codes)];
}

export interface Amount {
  value: number;
  /** The attribute the value was taken from first, then every other attribute compared or added. */
  attributes: string[];
}

/**
 * The highest of several reports of the same thing: agencies report the same wage or the same
 * vehicle, so their figures never add up. Null when nothing was reported.
 */
export function highest(values: readonly { attribute: Attribute; value: number }[]): Amount | null {
  let best: { attribute: Attribute; value: number } | null = null;
  for (const v of values) if (best === null || v.value > best.value) best = v;
  if (best === null) return null;
  return { value: best.value, attributes: unique([best.attribute.code, ...values.map((v) => v.attribute.code)]) };
}

/**
 * Income of several payments: per payment (`paymentOf`) the highest report, payments added. The
 * attributes: each payment's highest report, largest first, then every other attribute compared.
 * Null when nothing was reported.
 */
export function byPayment(values: readonly { attribute: Attribute; value: number }[]): Amount | null {
  const best = new Map<string, { attribute: Attribute; value: number }>();
  for (const v of values) {
    const p = paymentOf(v.attribute.code);
    const b = best.get(p);
    if (!b || v.value > b.value) best.set(p, v);
  }
  if (best.size === 0) return null;
  // The largest payment first (as `highest` lists its pick first); ties keep source order.
  const top = [...best.values()].sort((a, b) => b.value - a.value);
  return { value: top.reduce((s, v) => s + v.value, 0), attributes: unique([...top.map((v) => v.attribute.code), ...values.map((v) => v.attribute.code)]) };
}

/** The sum of separate holdings (deposits at different banks). Null when nothing was reported. */
export function total(values: readonly { attribute: Attribute; value: number }[]): Amount | null {
  if (values.length === 0) return null;
  return { value: values.reduce((s, v) => s + v.value, 0), attributes: unique(values.map((v) => v.attribute.code)) };
}

/**
 * A figure, its keys in canonical order with a place held for those set later in place (`en` and
 * `zh` by the report's explanations, `provisional` by markProvisional): the figures are most of an
 * assessment's objects, and a report built in canonical order is signed without being copied
 * (canonical/inKeyOrder). A place left undefined is not part of the JSON.
 */
export function figure(value: number, unit: Figure['unit'], rule: string, attributes: readonly string[], persons: readonly string[]): Figure {
  return { attributes: unique(attributes), en: undefined, persons: unique(persons), provisional: undefined, rule, unit, value, zh: undefined };
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // Nudged so that 0.005 written as 0.00499999... still rounds up; `+ 0` turns -0 into 0.
  return Math.round((value + Math.sign(value) * Number.EPSILON * Math.abs(value)) * f) / f + 0;
}

export const round2 = (value: number): number => round(value, 2);

export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
