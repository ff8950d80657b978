import { ASSISTANCE_PAYMENTS } from '../../src/assessment/index.js';
import type { Random } from './random.js';
import type { PersonTraits } from './people.js';

/**
 * Incomes beside wages, pensions, business and rent that agencies report one item at a time: aid
 * and allowances paid for need (transfers) and occasional other income (labour services,
 * dividends, annuities, claims, land let out, survivor pensions). Held per person as CNY a month
 * by attribute code (`PersonTraits.incomeItems`); values.ts answers each attribute from it in the
 * attribute's own unit. Drawn from a stream of the person's own, consistent with age and status.
 */

/** Aid filed under `income.transfer` (beside the assistance benefit, `ca_assistance.benefit_monthly`). */
export const AID_ITEMS = ['charity_aid.aid_received_12m', 'redcross_aid.aid_received_12m', 'redcross_aid.medical_aid_12m', 'union_aid.aid_received_12m'] as const;

/** Items that are transfers (转移性收入): the aid above and the assistance payments filed under `income.other`. */
export function isTransferItem(code: string): boolean {
  return (AID_ITEMS as readonly string[]).includes(code) || ASSISTANCE_PAYMENTS.includes(code);
}

export interface ItemContext {
  age: number;
  lowIncome: boolean;
  rural: boolean;
  /** The household receives 低保 or 特困 support. */
  assisted: boolean;
}

/** One person's income items, CNY a month by attribute code (none for most people). */
export function incomeItemsFor(r: Random, t: PersonTraits, c: ItemContext): Record<string, number> {
  const items: Record<string, number> = {};
  const give = (code: string, p: boolean, amount: () => number) => {
    if (p) items[code] = (items[code] ?? 0) + amount();
  };
  const adult = c.age >= 18;
  if (t.deceased || t.imprisoned) return items;
  // Transfers: aid and allowances, mostly to low-income households.
  give('charity_aid.aid_received_12m', adult && c.lowIncome && r.chance(0.04), () => r.int(5, 30) * 10);
  give('redcross_aid.medical_aid_12m', c.lowIncome && t.seriousIllness && r.chance(0.2), () => r.int(10, 60) * 10);
  give('union_aid.aid_received_12m', c.lowIncome && t.employed && r.chance(0.05), () => r.int(5, 20) * 10);
  give('ca_assistance.elderly_allowance_monthly', c.age >= 80, () => r.int(5, 20) * 10);
  give('dpf_disability.care_subsidy_monthly', t.disabilityGrade === 'GRADE_1' || t.disabilityGrade === 'GRADE_2', () => r.int(8, 20) * 10);
  give('dpf_disability.living_subsidy_monthly', t.disabilityGrade !== 'NONE' && c.assisted, () => r.int(6, 15) * 10);
  give('ca_assistance.temporary_assistance_12m', adult && c.lowIncome && r.chance(0.05), () => r.int(10, 50) * 10);
  give('hc_housing.housing_subsidy_monthly', adult && c.lowIncome && !c.rural && r.chance(0.05), () => r.int(20, 60) * 10);
  give('edu_student.grant_year', t.student && c.lowIncome && r.chance(0.3), () => r.int(10, 35) * 10);
  // Other income: occasional, and only where it can arise (dividends from securities held, ...).
  const working = adult && c.age < 70 && !t.student;
  give('tax.labour_service_income_12m', working && r.chance(c.lowIncome ? 0.01 : 0.03), () => r.int(30, 250) * 10);
  give('sec_csdc.dividends_12m', t.securities > 0 && r.chance(0.6), () => Math.max(10, Math.round((t.securities * 0.03) / 12 / 10) * 10));
  give('ins_association.annuity_income_12m', t.insuranceCashValue > 0 && c.age >= 60 && r.chance(0.3), () => r.int(10, 80) * 10);
  give('ins_association.claims_paid_12m', t.insuranceCashValue > 0 && r.chance(0.04), () => r.int(5, 150) * 10);
  give('hpf.withdrawal_12m', t.housingFund > 0 && r.chance(0.05), () => r.int(30, 200) * 10);
  give('nr_land.land_transfer_income_12m', t.landMu > 0 && r.chance(0.2), () => t.landMu * r.int(50, 90));
  give('hrss_benefit.survivor_pension_monthly', t.maritalStatus === 'WIDOWED' && c.age >= 60 && r.chance(0.08), () => r.int(30, 90) * 10);
  give('hrss_benefit.injury_allowance_monthly', working && r.chance(0.003), () => r.int(80, 250) * 10);
  for (const code of ['tax.other_income_12m', 'tax.royalty_income_12m', 'tax.author_income_12m']) give(code, working && r.chance(0.005), () => r.int(10, 150) * 10);
  return items;
}
