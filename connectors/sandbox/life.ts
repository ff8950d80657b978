import type { Attribute } from '../../src/catalog/index.js';
import type { AttributeValue } from '../contract/index.js';
import type { Random } from './random.js';
import { REFERENCE_YEAR, type PersonTraits, type SandboxPerson } from './people.js';

/**
 * Attributes of a person's life course that the means test does not compare but that must agree
 * with age, marital status, employment, relation and death (a married person has no divorce date,
 * an infant no university degree, a pensioner pays nothing into the housing fund): derived from the
 * traits here rather than drawn at random. `lifeValue` answers undefined for a code it leaves to
 * the rest of `attributeValue`. docs/SANDBOX.md, "Consistency".
 */

/** The legal age of marriage (婚姻法): 22 for men, 20 for women. */
export function marriageAge(sex: 'MALE' | 'FEMALE'): number {
  return sex === 'MALE' ? 22 : 20;
}

/** Working age for the housing fund and the employers' registers: 18 to 59. */
export const WORKING_AGE = { from: 18, to: 59 } as const;

function ageOf(p: SandboxPerson): number {
  return REFERENCE_YEAR - Number(p.birthDate.slice(0, 4));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date from the person's `fromAge` birthday year to `toYear` (not after the reference date, not before the birth date). */
export function dateFromAge(r: Random, p: SandboxPerson, fromAge: number, toYear = REFERENCE_YEAR): string {
  const born = Number(p.birthDate.slice(0, 4));
  const year = r.int(Math.min(born + fromAge, toYear), Math.min(toYear, REFERENCE_YEAR));
  const date = `${year}-${pad(r.int(1, year === REFERENCE_YEAR ? 6 : 12))}-${pad(r.int(1, 28))}`;
  return date < p.birthDate ? p.birthDate : date;
}

export const EDUCATION_LEVELS = ['NONE', 'PRIMARY', 'JUNIOR', 'SENIOR', 'COLLEGE', 'UNIVERSITY'] as const;
/** The highest level a person of this age can have reached (attended, for a pupil). */
export function highestEducationAt(age: number): (typeof EDUCATION_LEVELS)[number] {
  return age < 6 ? 'NONE' : age < 12 ? 'PRIMARY' : age < 15 ? 'JUNIOR' : age < 18 ? 'SENIOR' : 'UNIVERSITY';
}

/** The school a student attends at this age (edu_student.level). */
export function schoolLevelAt(age: number): string {
  return age < 12 ? 'PRIMARY' : age < 15 ? 'JUNIOR' : age < 18 ? 'SENIOR' : age < 22 ? 'UNDERGRADUATE' : 'GRADUATE';
}

function education(p: SandboxPerson, r: Random): string {
  const age = ageOf(p);
  const t = p.traits;
  if (age < 18) return highestEducationAt(age);
  if (t.student) return age < 22 ? 'COLLEGE' : 'UNIVERSITY';
  // Adults: older cohorts and low-income households less schooled.
  const old = age >= 60;
  const poor = t.dibao || t.tekun || t.lowIncomeRecipient;
  return r.weighted([['NONE', old ? 3 : 0.3], ['PRIMARY', old ? 5 : poor ? 4 : 1], ['JUNIOR', 5], ['SENIOR', old ? 2 : 3], ['COLLEGE', old || poor ? 0.5 : 2], ['UNIVERSITY', old || poor ? 0.3 : 2]]);
}

/** Pays into the housing fund: employed, of working age, with an account. */
export function housingFundContributor(p: SandboxPerson): boolean {
  const age = ageOf(p);
  const t = p.traits;
  return t.employed && !t.deceased && !t.imprisoned && age >= WORKING_AGE.from && age <= WORKING_AGE.to && t.housingFund > 0;
}

/** Holds the household's utility accounts (the power account's holder, registers.ts). */
function accountHolder(t: PersonTraits): boolean {
  return (t.registers?.powerKwhMonthly ?? 0) > 0;
}

function marriage(code: string, p: SandboxPerson): AttributeValue | undefined {
  const m = p.traits.marriage;
  switch (code) {
    case 'ca_marriage.marriage_date':
      return m?.date ?? null;
    case 'ca_marriage.divorce_date':
      return m?.divorced ?? null;
    case 'ca_marriage.remarried':
      return m?.remarried ?? false;
    default:
      return undefined;
  }
}

function housingFund(code: string, p: SandboxPerson): AttributeValue | undefined {
  const t = p.traits;
  const paying = housingFundContributor(p);
  switch (code) {
    case 'hpf.contribution_monthly':
      // Employer and employee 12% each of the wage.
      return paying ? Math.round(t.wageMonthly * 0.24) : 0;
    case 'hpf.account_status':
      return t.housingFund > 0 ? (paying ? 'NORMAL' : 'SEALED') : null;
    case 'hpf.employer_name':
      return paying ? t.employer : null;
    default:
      return undefined;
  }
}

function identityAndStatus(code: string, p: SandboxPerson, r: Random): AttributeValue | undefined {
  const t = p.traits;
  const age = ageOf(p);
  switch (code) {
    case 'ps_hukou.household_head':
      return p.relation === 'HEAD';
    case 'ps_hukou.education_level':
      return education(p, r);
    case 'ps_hukou.military_service':
      return age >= 20 && p.sex === 'MALE' && r.chance(0.06);
    case 'ps_hukou.former_name':
      return null;
    case 'edu_student.level':
      return schoolLevelAt(age);
    case 'edu_student.boarding':
      return age >= 12 && r.chance(age >= 15 ? 0.5 : 0.1);
    case 'ca_funeral.cremation_registered':
      return t.deceased;
    case 'ca_assistance.assistance_start_date':
      return t.dibao || t.tekun || t.lowIncomeRecipient ? dateFromAge(r, p, 18, REFERENCE_YEAR) : null;
    case 'dpf_disability.certificate_date':
      return t.disabilityGrade === 'NONE' ? null : dateFromAge(r, p, 0);
    case 'hrss_benefit.pension_start_date':
      return t.pensionMonthly > 0 ? dateFromAge(r, p, 60) : null;
    case 'hrss_benefit.unemployment_benefit_end_date':
      // A benefit being paid ends within two years: a date ahead of the reference date.
      return t.unemploymentMonthly > 0 ? `${REFERENCE_YEAR + r.int(0, 1)}-${pad(r.int(7, 12))}-${pad(r.int(1, 28))}` : null;
    case 'samr_business.establishment_date':
      return t.businessCount > 0 ? dateFromAge(r, p, 18) : null;
    case 'charity_aid.aid_count_12m':
      return (t.incomeItems['charity_aid.aid_received_12m'] ?? 0) > 0 ? r.int(1, 4) : 0;
    case 'charity_aid.last_aid_date':
      return (t.incomeItems['charity_aid.aid_received_12m'] ?? 0) > 0 ? dateFromAge(r, p, 0, REFERENCE_YEAR) : null;
    case 'union_aid.member':
      return t.employed && r.chance(0.4);
    case 'union_aid.hardship_registered':
      return t.employed && (t.dibao || t.lowIncomeRecipient) && r.chance(0.3);
    case 'hc_housing.public_housing_tenant':
      return p.relation === 'HEAD' && t.propertyCount === 0 && p.hukouType === 'URBAN' && r.chance(t.dibao || t.lowIncomeRecipient ? 0.3 : 0.05);
    case 'hc_housing.dilapidated_renovated':
      return p.relation === 'HEAD' && p.hukouType === 'RURAL' && r.chance(t.dibao || t.tekun ? 0.2 : 0.02);
    case 'nr_land.forest_area':
      return t.landMu > 0 && r.chance(0.2) ? r.int(5, 60) / 10 : 0;
    default:
      return undefined;
  }
}

function medicalAndTax(code: string, p: SandboxPerson, r: Random): AttributeValue | undefined {
  const t = p.traits;
  const age = ageOf(p);
  const oop = t.medicalOopYear;
  // The insurer paid about as much again as the person (more for the seriously ill).
  const reimbursed = Math.round(oop * (t.seriousIllness ? 1.5 : 0.8));
  switch (code) {
    case 'mi_medical.insured':
      return !t.deceased;
    case 'mi_medical.scheme':
      return t.deceased ? 'NONE' : t.employed ? 'EMPLOYEE' : 'RESIDENT';
    case 'mi_medical.inpatient_count_12m':
      return t.seriousIllness ? r.int(1, 4) : oop > 2000 ? r.int(0, 1) : 0;
    case 'mi_medical.total_cost_12m':
      return oop + reimbursed;
    case 'mi_medical.reimbursed_12m':
      return reimbursed;
    case 'mi_medical.catastrophic_paid_12m':
      return t.seriousIllness && oop > 30_000 ? Math.round((oop - 30_000) * 0.6) : 0;
    case 'mi_medical.chronic_disease':
      return t.seriousIllness || r.chance(age >= 50 ? 0.15 : age >= 18 ? 0.03 : 0.005);
    case 'tax.tax_paid_12m': {
      // Individual income tax on wages above the 60,000 a year threshold, at 3-10%.
      const taxable = t.wageMonthly * 12 - 60_000;
      return taxable > 0 ? Math.round(taxable * (taxable > 36_000 ? 0.1 : 0.03)) : 0;
    }
    case 'tax.special_deductions_12m':
      return t.employed && r.chance(0.4) ? r.int(1, 4) * 12_000 : 0;
    case 'tax.taxpayer_registered':
      return t.employed || t.businessCount > 0 || t.pensionMonthly > 0;
    case 'tax.annual_settlement_filed':
      return t.employed && (t.wageMonthly * 12 > 60_000 || r.chance(0.3));
    case 'rr_monitoring.risk_kind':
      return !(t.dibao || t.tekun || t.lowIncomeRecipient) ? 'NONE' : t.seriousIllness ? 'ILLNESS' : t.disabilityGrade !== 'NONE' ? 'DISABILITY' : t.student ? 'EDUCATION' : 'INCOME';
    case 'rr_monitoring.assistance_measures':
      return t.dibao || t.tekun || t.lowIncomeRecipient ? r.int(1, 3) : 0;
    default:
      return undefined;
  }
}

/** Gas, water, heating and telecoms: the household's accounts are on the account holder; everyone over 10 has a phone. */
function utilities(code: string, p: SandboxPerson, r: Random): AttributeValue | undefined {
  const [source, item] = code.split('.') as [string, string];
  if (!['util_gas', 'util_water', 'util_heating', 'util_telecom'].includes(source)) return undefined;
  const t = p.traits;
  const kwh = t.registers?.powerKwhMonthly ?? 0;
  const holder = accountHolder(t);
  const age = ageOf(p);
  switch (code) {
    case 'util_gas.consumption_monthly':
      return holder ? Math.round(kwh * (0.08 + 0.06 * r.next()) * 10) / 10 : 0;
    case 'util_water.consumption_monthly':
      return holder ? Math.round(kwh * (0.04 + 0.03 * r.next()) * 10) / 10 : 0;
    case 'util_gas.bill_monthly':
      return holder ? Math.round(kwh * 0.3) : 0;
    case 'util_water.bill_monthly':
      return holder ? Math.round(kwh * 0.2) : 0;
    case 'util_heating.heated_area':
      return holder && t.propertyArea > 0 ? t.propertyArea : 0;
    case 'util_heating.bill_year':
      return holder && t.propertyArea > 0 ? Math.round(t.propertyArea * 22) : 0;
    case 'util_telecom.mobile_lines':
      return age >= 10 && !t.deceased && !t.imprisoned ? r.weighted([[1, 8], [2, 1]]) : 0;
    case 'util_telecom.bill_monthly':
      return age >= 10 && !t.deceased && !t.imprisoned ? r.int(2, 15) * 10 : 0;
    case 'util_telecom.broadband':
      return holder && r.chance(0.7);
    case 'util_telecom.roaming_days_12m':
      return age >= 18 && !t.deceased && !t.imprisoned && r.chance(0.2) ? r.int(1, 30) : 0;
    default:
      if (item === 'account_count') return holder ? 1 : 0;
      if (item === 'arrears') return holder && r.chance(0.03) ? r.int(20, 300) : 0;
      return undefined;
  }
}

/** The value of a life-course attribute derived from the traits, or undefined for one this module leaves alone. */
export function lifeValue(a: Attribute, p: SandboxPerson, r: Random): AttributeValue | undefined {
  // null is a value (an empty field): only undefined passes on to the next part.
  const parts = [() => marriage(a.code, p), () => housingFund(a.code, p), () => identityAndStatus(a.code, p, r), () => medicalAndTax(a.code, p, r), () => utilities(a.code, p, r)];
  for (const part of parts) {
    const value = part();
    if (value !== undefined) return value;
  }
  return undefined;
}
