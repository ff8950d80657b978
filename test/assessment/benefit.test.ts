import { describe, expect, it } from 'vitest';
import { assess, type Assessment, type Programme } from '../../src/assessment/index.js';
import { ableSupporter, bornAged, input, parameters, person, policyWith } from './fixture-policy.js';

// Fixture: urban 低保 standard 900; increments ELDERLY_70 10%, SEVERE_DISABILITY 20%, SERIOUS_ILLNESS 20%,
// STUDENT_MINOR 10% (HIGHEST); 特困 basic living 1.3 x 900 = 1170, care 150 / 450 / 1200.
const benefit = (a: Assessment, p: Programme) => a.eligibility.find((e) => e.programme === p)!.benefit;

// Head 72 (pension 600), spouse 45 seriously ill and disabled at grade 1, child 15 at school: every coefficient 0.
// With no supporter the family is 特困, which excludes 低保 (第十四条); `tekun: false` adds a son able to support.
const family = (p = input([]).policy, tekun = false) =>
  assess(
    input(
      [
        person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 600 }),
        person('s', 'SPOUSE', bornAged(45), { 'mi_medical.serious_illness': true, 'dpf_disability.disability_grade': 'GRADE_1' }),
        person('c', 'CHILD', bornAged(15), { 'edu_student.enrolled': true }),
      ],
      tekun ? [] : [ableSupporter()],
      p,
    ),
  );

describe('benefit amount', () => {
  it('低保: gap (900 − 600/3) x 3 = 2100, plus 90 (70+), 180 (grade 1, the highest of the spouse’s two), 90 (student): 2460', () => {
    const b = benefit(family(), 'MINIMUM_LIVING')!;
    expect(b.parts.map((p) => [p.rule, p.value, p.persons])).toEqual([
      ['benefit.minimum-living.gap', 2100, ['h', 's', 'c']],
      ['benefit.increment.ELDERLY_70', 90, ['h']],
      ['benefit.increment.SEVERE_DISABILITY', 180, ['s']],
      ['benefit.increment.STUDENT_MINOR', 90, ['c']],
    ]);
    expect(b.parts[2]!.attributes).toEqual(['dpf_disability.disability_grade']);
    expect(b.total).toMatchObject({ value: 2460, unit: 'CNY/month', rule: 'benefit.minimum-living.total', persons: ['h', 's', 'c'] });
  });

  it('adds every increment of a member’s groups when the policy says SUM: 2460 + 180 (illness) = 2640', () => {
    const b = benefit(family(policyWith({ benefit: { ...parameters.benefit!, combine: 'SUM' } })), 'MINIMUM_LIVING')!;
    expect(b.parts.map((p) => [p.rule, p.value])).toContainEqual(['benefit.increment.SERIOUS_ILLNESS', 180]);
    expect(b.total.value).toBe(2640);
  });

  it('特困: 1.3 x 900 x 3 = 3510, care 150 x 2 (full self-care) + 1200 (grade 1: none): 5010', () => {
    const b = benefit(family(undefined, true), 'EXTREME_POVERTY')!;
    expect(benefit(family(undefined, true), 'MINIMUM_LIVING')).toBeNull();
    expect(b.parts.map((p) => [p.rule, p.value, p.persons])).toEqual([
      ['benefit.extreme-poverty.basic-living', 3510, ['h', 's', 'c']],
      ['benefit.extreme-poverty.care.full-self-care', 300, ['h', 'c']],
      ['benefit.extreme-poverty.care.no-self-care', 1200, ['s']],
    ]);
    expect(b.total.value).toBe(5010);
  });

  it('rounds once, from the reported per-capita income: 1000.01 / 3 = 333.34 reported; (900 − 333.34) x 3 = 1699.98', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(50), { 'dpf_disability.disability_grade': 'GRADE_2', 'hrss_benefit.pension_monthly': 1000.01 }), person('s', 'SPOUSE', bornAged(50), { 'dpf_disability.disability_grade': 'GRADE_2' }), person('c', 'CHILD', bornAged(20), { 'dpf_disability.disability_grade': 'GRADE_2' })], [ableSupporter()]));
    expect(a.income.perCapita.value).toBe(333.34);
    const b = benefit(a, 'MINIMUM_LIVING')!;
    expect(b.parts[0]!.value).toBe(1699.98);
    // 0.2 x 900 x 3 = 540 for the three severely disabled members.
    expect(b.total.value).toBe(2239.98);
  });

  it('has no amount for an ineligible programme, for 低保边缘, 刚性支出困难 and 临时救助, nor without a benefit section', () => {
    const a = family();
    for (const p of ['MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP', 'TEMPORARY_ASSISTANCE'] as const) expect(benefit(a, p)).toBeNull();
    expect(benefit(family(policyWith({ benefit: undefined })), 'MINIMUM_LIVING')).toBeNull();
  });
});
