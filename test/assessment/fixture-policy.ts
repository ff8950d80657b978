import type { AttributeValue, PersonRecord } from '../../src/catalog/index.js';
import type { AssessedPerson, AssessmentInput } from '../../src/assessment/index.js';
import type { ResolvedPolicy } from '../../src/regional-policy/index.js';
import { catalog } from '../../src/catalog/index.js';
import type { PolicyParameters } from '../../src/regional-policy/index.js';

/** A complete policy with realistic figures (close to Shandong's 2026 document). */
export const parameters: PolicyParameters = {
  standards: {
    urban: { minimumLiving: 900, lowIncome: 1350 },
    rural: { minimumLiving: 700, lowIncome: 1050 },
  },
  assetLimits: { depositsPerCapita: 30000, vehicles: 0, properties: 1, businessCapital: 100000 },
  vetoes: [
    { code: 'LUXURY_VEHICLE', zh: '拥有高档车辆', en: 'Owns a luxury vehicle', when: { kind: 'member-attribute', attribute: 'ps_vehicle.luxury_vehicle', op: 'eq', value: true } },
    { code: 'PUBLIC_PAYROLL', zh: '财政供养人员', en: 'Member paid from the public payroll', when: { kind: 'member-category', category: 'status.public_employee', op: 'eq', value: true } },
    { code: 'SECOND_HOME', zh: '拥有两套及以上住房', en: 'Owns two or more homes', when: { kind: 'household-measure', measure: 'propertyCount', op: 'gt', value: 1 } },
  ],
  labourCapacity: {
    ageBands: [15, 44, 59, 69, 200],
    // Rows in HEALTH_CATEGORIES order: HEALTHY, CHRONIC_ILLNESS, MILD_DISABILITY, SEVERE_DISABILITY, SERIOUS_ILLNESS, STUDENT.
    coefficients: [
      [0, 1.0, 0.8, 0.4, 0],
      [0, 0.6, 0.5, 0.2, 0],
      [0, 0.5, 0.4, 0.2, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0.2, 0, 0, 0],
    ],
  },
  economy: { urbanMinimumWageMonthly: 2100, ruralDisposableIncomeYearly: 22000, informalWorkMonths: 8, farmIncomeShare: 0.6 },
  support: { minShare: 0.05, maxShare: 0.1, wealthyDepositsPerCapita: 100000 },
  rigidExpenditure: { deductible: ['MEDICAL', 'TUITION', 'PENSION_CONTRIBUTION'] },
  circles: { circle3Multiple: 1.5, circle4Multiple: 2 },
  // The marginal limits as the 低保 ones (the rule before they were separate); tests of their own limits override them.
  marginalAssetLimits: { depositsPerCapita: 30000, vehicles: 0, properties: 1, businessCapital: 100000 },
  programmes: {
    deductRigidForMinimumLiving: true,
    minimumLivingSource: 'test',
    extremePoverty: {
      elderlyAge: 60,
      minorAge: 16,
      disabilityGrades: ['GRADE_1', 'GRADE_2'],
      seriousIllness: false,
      basicLivingMultiple: 1.3,
      careLevelByGrade: { GRADE_1: 'NO_SELF_CARE', GRADE_2: 'PARTIAL_SELF_CARE' },
      careLevelSeriousIllness: 'PARTIAL_SELF_CARE',
      careAllowance: { FULL_SELF_CARE: 150, PARTIAL_SELF_CARE: 450, NO_SELF_CARE: 1200 },
      source: 'test',
    },
    marginalSource: 'test',
    rigidExpenditureHardship: { expenditureShare: 0.1, incomeMultiple: 2, source: 'test' },
    temporaryAssistance: { urgentPurposes: ['URGENT_ASSISTANCE'], expenditureShare: 0.5, source: 'test' },
  },
  benefit: {
    gapSource: 'test',
    combine: 'HIGHEST',
    increments: [
      { code: 'ELDERLY_70', group: 'ELDERLY', minAge: 70, share: 0.1, zh: '70 周岁以上老年人增发 10%', en: 'Aged 70 or over: 10% more', source: 'test' },
      { code: 'SEVERE_DISABILITY', group: 'SEVERE_DISABILITY', share: 0.2, zh: '重度残疾人增发 20%', en: 'Severely disabled: 20% more', source: 'test' },
      { code: 'SERIOUS_ILLNESS', group: 'SERIOUS_ILLNESS', share: 0.2, zh: '重病患者增发 20%', en: 'Seriously ill: 20% more', source: 'test' },
      { code: 'STUDENT_MINOR', group: 'STUDENT', belowAge: 18, share: 0.1, zh: '未成年在校学生增发 10%', en: 'Student under 18: 10% more', source: 'test' },
    ],
  },
  hardshipWeights: {
    INCOME_GAP: 30,
    NO_LABOUR_CAPACITY: 15,
    ELDERLY: 10,
    SERIOUS_ILLNESS: 10,
    SEVERE_DISABILITY: 10,
    CHILDREN_AND_STUDENTS: 5,
    RIGID_EXPENDITURE: 10,
    NO_PROPERTY: 5,
    LOW_DEPOSITS: 5,
  },
};

export const policy: ResolvedPolicy = {
  regionCode: '370102',
  date: '2026-06-30',
  versions: [{ id: 'v-370000-2026', regionCode: '370000', effectiveFrom: '2026-01-01' }],
  parameters,
};

/** The policy with some sections replaced. */
export function policyWith(override: Partial<PolicyParameters>): ResolvedPolicy {
  return { ...policy, parameters: { ...parameters, ...override } };
}

export const ASSESSED_ON = '2026-06-30';

/** Records from attribute values, grouped by source (the code's prefix): `record({ 'hrss_employment.wage_monthly': 3000 })`. */
export function record(values: Record<string, AttributeValue>): Record<string, PersonRecord> {
  const out: Record<string, { found: true; asOf: string; values: Record<string, AttributeValue> }> = {};
  for (const [code, value] of Object.entries(values)) {
    const source = code.slice(0, code.indexOf('.'));
    out[source] ??= { found: true, asOf: ASSESSED_ON, values: {} };
    out[source].values[code] = value;
  }
  return out;
}

/** A person born on `birthDate` with the given verified values. */
export function person(personId: string, relation: string, birthDate: string, values: Record<string, AttributeValue> = {}): AssessedPerson {
  return { personId, relation, birthDate, sex: 'FEMALE', records: record(values) };
}

/** Birth date of someone who is `age` on the assessment date (birthday on 1 January). */
export function bornAged(age: number): string {
  return `${2026 - age}-01-01`;
}

export function input(members: AssessedPerson[], supporters: AssessedPerson[] = [], p: ResolvedPolicy = policy): AssessmentInput {
  return { policy: p, catalog: catalog(), assessedOn: ASSESSED_ON, members, supporters };
}

/**
 * A child outside the household, able to support (no exemption), whose wage is recorded as 0: the
 * support counted is 0 × 5% = 0, so the household's income is unchanged, but 特困 is ruled out
 * (EP_NO_ABLE_SUPPORTER). For tests of 低保 in households that would otherwise be 特困, which
 * excludes 低保 (《社会救助暂行办法》第十四条).
 */
export function ableSupporter(): AssessedPerson {
  return person('able-child', 'CHILD', bornAged(40), { 'hrss_employment.wage_monthly': 0 });
}
