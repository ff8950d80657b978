import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/catalog/index.js';
import { assess, type AssessedPerson } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

const household = (): AssessedPerson[] => [
  person('h', 'HEAD', bornAged(52), { 'ps_hukou.hukou_type': 'URBAN', 'hrss_employment.wage_monthly': 2100, 'tax.wage_income_12m': 24000, 'bank_icbc.demand_deposit': 8000, 'bank_ccb.demand_deposit': 4000, 'mi_medical.chronic_disease': true, 'mi_medical.out_of_pocket_12m': 4800 }),
  person('s', 'SPOUSE', bornAged(50), { 'dpf_disability.disability_grade': 'GRADE_3' }),
  person('d', 'CHILD', bornAged(19), { 'edu_student.enrolled': true, 'edu_student.tuition_year': 5000 }),
];
const supporters = (): AssessedPerson[] => [person('o', 'CHILD', bornAged(28), { 'hrss_employment.wage_monthly': 5000 })];

function reversed(p: AssessedPerson): AssessedPerson {
  const records: Record<string, PersonRecord> = {};
  for (const [id, r] of Object.entries(p.records).reverse()) records[id] = r.found ? { ...r, values: Object.fromEntries(Object.entries(r.values).reverse()) } : r;
  return { ...p, records };
}

describe('determinism', () => {
  it('gives the same output for the same input', () => {
    const x = input(household(), supporters());
    expect(assess(x)).toEqual(assess(x));
    expect(assess(input(household(), supporters()))).toEqual(assess(x));
  });

  it('does not depend on the order records arrived in', () => {
    const x = assess(input(household(), supporters()));
    const y = assess(input(household().map(reversed), supporters().map(reversed)));
    expect(JSON.stringify(y)).toBe(JSON.stringify(x));
  });

  it('does not change its input', () => {
    const x = input(household(), supporters());
    const before = structuredClone({ members: x.members, supporters: x.supporters, policy: x.policy, assessedOn: x.assessedOn });
    assess(x);
    expect({ members: x.members, supporters: x.supporters, policy: x.policy, assessedOn: x.assessedOn }).toEqual(before);
  });

  it('computes the whole example to the figures', () => {
    const a = assess(input(household(), supporters()));
    expect(a.members.map((m) => [m.personId, m.age, m.healthCategory, m.labourCoefficient.value])).toEqual([
      ['h', 52, 'CHRONIC_ILLNESS', 0.5],
      ['s', 50, 'MILD_DISABILITY', 0.4],
      ['d', 19, 'STUDENT', 0.2],
    ]);
    // Wage 2100 (above the head's 0.5 x 1400 = 700); spouse imputed 0.4 x 1400 = 560; the student none;
    // support 5000 x 5% for each of two parents = 500.
    expect(a.income.gross.value).toBe(3160);
    // Medical 400 + tuition 416.67.
    expect(a.income.rigidDeductions.value).toBe(816.67);
    // 3160 - 816.666... = 2343.33; / 3 = 781.11
    expect(a.income.net.value).toBe(2343.33);
    expect(a.income.perCapita.value).toBe(781.11);
    expect(a.eligibility.filter((e) => e.eligible).map((e) => e.programme)).toEqual(['MINIMUM_LIVING']);
    expect(a.circle).toBe(1);
    expect(a.needTags).toEqual(['ILLNESS', 'EDUCATION']);
    expect(a.targetGroups).toEqual(['MINIMUM_LIVING_RECIPIENTS', 'PERSONS_WITH_DISABILITIES']);
    expect(a.policy).toEqual({ regionCode: '370102', date: '2026-06-30', versions: [{ id: 'v-370000-2026', regionCode: '370000', effectiveFrom: '2026-01-01' }] });
  });
});
