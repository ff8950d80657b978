import type { Catalog } from '../catalog/index.js';
import type { PolicyParameters } from '../regional-policy/index.js';
import { coResident, type LandHolding } from './household.js';
import type { Condition } from './labour.js';
import type { AssessedPerson, Figure } from './model.js';
import { readingOf, CODES, figure, highest, monthly, numeric, readingsIn, trueCodes, type Amount, type Reading } from './read.js';

/** Whether imputed work income applies to a person, and why not when it does not, with the codes read. */
export interface ImputationGate {
  applies: boolean;
  reason: 'APPLIES' | 'NOT_CO_RESIDENT' | 'NO_LABOUR_CAPACITY' | 'STUDENT' | 'FIXED_EMPLOYMENT';
  attributes: string[];
}

/**
 * The one gate of imputed income. Balinzuo imputes to "無固定場所務工人員" (workers without a fixed
 * workplace): "采取將無固定場所務工人員收入與最低工資標準、農牧民人均可支配收入掛鉤的方法核定其收入".
 * So: a co-resident member, with a labour coefficient above 0, not a student (a full-time student
 * is not a worker whose pay goes unrecorded), and not in fixed employment: the employment register
 * says employed (`activity.employment`) and not in flexible employment (`hrss_employment.flexible_employment`).
 */
export function imputationGate(catalog: Catalog, person: AssessedPerson, c: Condition, coefficient: Figure): ImputationGate {
  if (!coResident(c)) return { applies: false, reason: 'NOT_CO_RESIDENT', attributes: c.absenceAttributes };
  if (coefficient.value <= 0) return { applies: false, reason: 'NO_LABOUR_CAPACITY', attributes: coefficient.attributes };
  if (c.student) return { applies: false, reason: 'STUDENT', attributes: c.studentAttributes };
  const employed = trueCodes(readingsIn(catalog, person, 'activity.employment', 'BOOLEAN'));
  const flexible = trueCodes(readingOf(catalog, person, CODES.flexibleEmployment));
  if (employed.length > 0 && flexible.length === 0) return { applies: false, reason: 'FIXED_EMPLOYMENT', attributes: employed };
  return { applies: true, reason: 'APPLIES', attributes: [...employed, ...flexible] };
}

/** Labour income as recorded: wages, business income and labour-service pay, whichever register reports them. */
const LABOUR_INCOME: readonly ((catalog: Catalog, person: AssessedPerson) => readonly Reading[])[] = [
  (catalog, person) => readingsIn(catalog, person, 'income.wage', 'MONEY'),
  (catalog, person) => readingsIn(catalog, person, 'income.business', 'MONEY'),
  (catalog, person) => readingOf(catalog, person, CODES.labourServiceIncome),
];

/**
 * A person's recorded labour income, monthly: per kind the highest report (agencies report the
 * same wage), a loss counting as 0; kinds added. Null when nothing is on record.
 */
export function labourIncome(catalog: Catalog, person: AssessedPerson): Amount | null {
  const kinds = LABOUR_INCOME.map((read) => highest(numeric(read(catalog, person)).map((r) => ({ attribute: r.attribute, value: monthly(r.attribute, r.value) }))));
  const present = kinds.filter((k): k is Amount => k !== null);
  if (present.length === 0) return null;
  return { value: present.reduce((s, k) => s + Math.max(0, k.value), 0), attributes: present.flatMap((k) => k.attributes) };
}

/**
 * Income imputed to a member the gate lets through, CNY/month: farm income when the household
 * holds contracted land, informal-work income otherwise, less the labour income already on record.
 * The imputed figure is what such work earns at least, so the member's labour income counts as the
 * higher of the two: the same money gives the same result whether it is recorded as a wage,
 * business income or labour-service pay, and nothing is imputed on top of income that reaches it.
 *
 * - Informal work: "務工人員年收入=個人勞動力系數×上年度本地區城市最低工資標準×當地一般務工月數(8個月)"
 * - Farm: "農村牧區土地經營個人年收入=個人勞動力系數×上年度本地區農牧民人均可支配收入×一定比例(60%)"
 */
export function imputedIncome(
  catalog: Catalog,
  person: AssessedPerson,
  c: Condition,
  coefficient: Figure,
  land: LandHolding,
  economy: PolicyParameters['economy'],
): { kind: 'IMPUTED_INFORMAL_WORK' | 'IMPUTED_FARM'; figure: Figure } | null {
  const gate = imputationGate(catalog, person, c, coefficient);
  if (!gate.applies) return null;
  const yearly = land.holds ? coefficient.value * economy.ruralDisposableIncomeYearly * economy.farmIncomeShare : coefficient.value * economy.urbanMinimumWageMonthly * economy.informalWorkMonths;
  const recorded = labourIncome(catalog, person);
  const value = yearly / 12 - (recorded?.value ?? 0);
  if (value <= 0) return null;
  const codes = [...coefficient.attributes, ...gate.attributes, ...(land.holds ? land.attributes : []), ...(recorded?.attributes ?? [])];
  return land.holds
    ? { kind: 'IMPUTED_FARM', figure: figure(value, 'CNY/month', 'imputed.farm', codes, [person.personId]) }
    : { kind: 'IMPUTED_INFORMAL_WORK', figure: figure(value, 'CNY/month', 'imputed.informal-work', codes, [person.personId]) };
}
