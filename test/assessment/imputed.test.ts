import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

describe('imputed income', () => {
  it('imputes informal work to an urban member able to work with no earned income: coefficient x min wage x 8 / 12', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(50), { 'ps_hukou.hukou_type': 'URBAN' })]));
    expect(a.area).toBe('URBAN');
    // 0.8 x 2100 x 8 / 12 = 1120
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toEqual({ value: 1120, unit: 'CNY/month', rule: 'imputed.informal-work', attributes: [], persons: ['p1'] });
    expect(a.members[0]!.income.IMPUTED_FARM).toBeUndefined();
    expect(a.income.gross.value).toBe(1120);
  });

  it('scales with the coefficient: chronic illness at 30 gives 0.6 x 2100 x 8 / 12 = 840', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(30), { 'mi_medical.chronic_disease': true })]));
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toMatchObject({ value: 840, attributes: ['mi_medical.chronic_disease'] });
  });

  it('imputes nothing to a member with a recorded wage, business income or pension', () => {
    const earned: Record<string, number>[] = [{ 'hrss_employment.wage_monthly': 500 }, { 'tax.business_income_12m': 1200 }, { 'hrss_benefit.pension_monthly': 300 }];
    for (const values of earned) {
      const income = assess(input([person('p1', 'HEAD', bornAged(50), values)])).members[0]!.income;
      expect(income.IMPUTED_INFORMAL_WORK).toBeUndefined();
    }
  });

  it('imputes something to a member whose only income is not earned (interest)', () => {
    const income = assess(input([person('p1', 'HEAD', bornAged(50), { 'tax.interest_income_12m': 1200 })])).members[0]!.income;
    expect(income.IMPUTED_INFORMAL_WORK?.value).toBe(1120);
  });

  it('imputes nothing when the coefficient is 0 (aged 70, serious illness)', () => {
    expect(assess(input([person('p1', 'HEAD', bornAged(70))])).income.gross.value).toBe(0);
    expect(assess(input([person('p1', 'HEAD', bornAged(40), { 'mi_medical.serious_illness': true })])).income.gross.value).toBe(0);
  });

  it('imputes farm income in a rural household: coefficient x rural disposable income x 60% / 12', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(50), { 'ps_hukou.hukou_type': 'RURAL', 'nr_land.contracted_area': 4.5 })]));
    expect(a.area).toBe('RURAL');
    expect(a.standards).toEqual({ minimumLiving: 700, lowIncome: 1050 });
    // 0.8 x 22000 x 0.6 / 12 = 880
    expect(a.members[0]!.income.IMPUTED_FARM).toEqual({ value: 880, unit: 'CNY/month', rule: 'imputed.farm', attributes: ['nr_land.contracted_area', 'ps_hukou.hukou_type'], persons: ['p1'] });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toBeUndefined();
  });

  it('imputes farm income to a rural-hukou member without land, and informal work to a rural household member with neither', () => {
    const a = assess(
      input([
        person('h', 'HEAD', bornAged(30), { 'ps_hukou.hukou_type': 'RURAL' }),
        person('s', 'SPOUSE', bornAged(30), { 'ps_hukou.hukou_type': 'URBAN' }),
      ]),
    );
    // 1.0 x 22000 x 0.6 / 12 = 1100; 1.0 x 2100 x 8 / 12 = 1400
    expect(a.members[0]!.income.IMPUTED_FARM?.value).toBe(1100);
    expect(a.members[1]!.income.IMPUTED_INFORMAL_WORK?.value).toBe(1400);
    expect(a.members[1]!.income.IMPUTED_FARM).toBeUndefined();
    expect(a.income.byKind.IMPUTED_FARM?.value).toBe(1100);
    expect(a.income.gross.value).toBe(2500);
  });

  it('treats a household as urban when the head has no hukou record', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(50), { 'nr_land.contracted_area': 3 })]));
    expect(a.area).toBe('URBAN');
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK?.value).toBe(1120);
  });
});
