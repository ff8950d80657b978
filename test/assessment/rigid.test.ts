import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person, policyWith } from './fixture-policy.js';

describe('rigid expenditure', () => {
  const household = () => [
    person('a', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 2500, 'mi_medical.out_of_pocket_12m': 7200, 'hrss_insurance.pension_contribution_monthly': 50 }),
    person('b', 'CHILD', bornAged(19), { 'edu_student.enrolled': true, 'edu_student.tuition_year': 6000 }),
    person('c', 'SPOUSE', bornAged(71), { 'mi_medical.out_of_pocket_12m': 1200 }),
  ];

  it('deducts medical, tuition and pension contributions, monthly, per member and kind, summed over members', () => {
    const a = assess(input(household()));
    expect(a.members[0]!.rigidExpenditure).toEqual({
      MEDICAL: { value: 600, unit: 'CNY/month', rule: 'rigid.medical.max-of-sources', attributes: ['mi_medical.out_of_pocket_12m'], persons: ['a'] },
      PENSION_CONTRIBUTION: { value: 50, unit: 'CNY/month', rule: 'rigid.pension-contribution.max-of-sources', attributes: ['hrss_insurance.pension_contribution_monthly'], persons: ['a'] },
    });
    expect(a.members[1]!.rigidExpenditure.TUITION?.value).toBe(500);
    // 600 + 50 + 500 + 100; the student aged 19 is imputed no work income (a full-time student)
    expect(a.income.rigidDeductions).toMatchObject({ value: 1250, rule: 'household.rigid-deductions.counted-members', persons: ['a', 'b', 'c'] });
    // 2500 - 1250 = 1250; / 3 = 416.67; 2500 / 3 = 833.33
    expect(a.income.gross.value).toBe(2500);
    expect(a.income.net.value).toBe(1250);
    expect(a.income.perCapita.value).toBe(416.67);
    expect(a.income.perCapitaBeforeDeductions.value).toBe(833.33);
  });

  it('deducts only the kinds the policy lists', () => {
    const a = assess(input(household(), [], policyWith({ rigidExpenditure: { deductible: ['TUITION'] } })));
    expect(a.members[0]!.rigidExpenditure).toEqual({});
    expect(a.income.rigidDeductions.value).toBe(500);
  });

  it('never gives a negative net income', () => {
    const a = assess(input([person('a', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': 300, 'mi_medical.out_of_pocket_12m': 60000 })]));
    expect(a.income.rigidDeductions.value).toBe(5000);
    expect(a.income.net).toMatchObject({ value: 0, rule: 'household.net' });
    expect(a.income.perCapita.value).toBe(0);
  });
});
