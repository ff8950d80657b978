import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess } from '../../src/assessment/index.js';
import { HARDSHIP_FACTORS } from '../../src/regional-policy/index.js';
import { bornAged, input, person } from './fixture-policy.js';

const single = (age: number, values: Record<string, AttributeValue>) => assess(input([person('p', 'HEAD', bornAged(age), values)]));

describe('hardship index', () => {
  it('scores each factor, weight x score rounded to 0.1, and sums the points', () => {
    const a = single(75, { 'hrss_benefit.pension_monthly': 900, 'mi_medical.serious_illness': true });
    const byFactor = Object.fromEntries(a.hardship.contributions.map((c) => [c.factor, [c.weight, c.score, c.points]]));
    expect(byFactor).toEqual({
      INCOME_GAP: [30, 0.3333, 10],
      NO_LABOUR_CAPACITY: [15, 1, 15],
      ELDERLY: [10, 1, 10],
      SERIOUS_ILLNESS: [10, 1, 10],
      SEVERE_DISABILITY: [10, 0, 0],
      CHILDREN_AND_STUDENTS: [5, 0, 0],
      RIGID_EXPENDITURE: [10, 0, 0],
      NO_PROPERTY: [5, 1, 5],
      LOW_DEPOSITS: [5, 1, 5],
    });
    expect(a.hardship.index).toBe(55);
    expect(a.hardship.contributions.map((c) => c.factor)).toEqual([...HARDSHIP_FACTORS]);
    expect(a.hardship.contributions.find((c) => c.factor === 'SERIOUS_ILLNESS')!.attributes).toEqual(['mi_medical.serious_illness']);
    expect(a.hardship.contributions.find((c) => c.factor === 'INCOME_GAP')!.attributes).toEqual(['hrss_benefit.pension_monthly']);
  });

  it('uses shares of counted members and partial scores', () => {
    const a = assess(
      input([
        person('h', 'HEAD', bornAged(40), { 'hrss_employment.wage_monthly': 3000, 're_property.property_count': 1, 'bank_icbc.demand_deposit': 15000, 'mi_medical.out_of_pocket_12m': 9000 }),
        person('c', 'CHILD', bornAged(12)),
        person('g', 'PARENT', bornAged(64)),
      ]),
    );
    // Gross 3000 (grandparent 64: coefficient 0.4, imputed 0.4 x 2100 x 8 / 12 = 560): gross 3560, medical 750, net 2810, per capita 936.67.
    expect(a.income.perCapita.value).toBe(936.67);
    const byFactor = Object.fromEntries(a.hardship.contributions.map((c) => [c.factor, [c.score, c.points]]));
    expect(byFactor).toEqual({
      INCOME_GAP: [0.3062, 9.2],
      NO_LABOUR_CAPACITY: [0.3333, 5],
      ELDERLY: [0.3333, 3.3],
      SERIOUS_ILLNESS: [0, 0],
      SEVERE_DISABILITY: [0, 0],
      CHILDREN_AND_STUDENTS: [0.3333, 1.7],
      RIGID_EXPENDITURE: [0.2107, 2.1],
      NO_PROPERTY: [0, 0],
      LOW_DEPOSITS: [0.8333, 4.2],
    });
    expect(a.hardship.index).toBe(25.5);
  });

  it('reaches exactly 100 when every factor scores fully, and stays within 0-100', () => {
    const worst = single(75, { 'mi_medical.serious_illness': true, 'dpf_disability.disability_grade': 'GRADE_1', 'edu_student.enrolled': true, 'mi_medical.out_of_pocket_12m': 1200 });
    expect(worst.hardship.contributions.every((c) => c.score === 1)).toBe(true);
    expect(worst.hardship.index).toBe(100);
    const best = single(40, { 'hrss_employment.wage_monthly': 20000, 're_property.property_count': 1, 'bank_icbc.demand_deposit': 50000 });
    expect(best.hardship.index).toBe(0);
    for (const a of [worst, best]) expect(a.hardship.index).toBe(Math.round(a.hardship.contributions.reduce((s, c) => s + c.points, 0) * 10) / 10);
  });
});
