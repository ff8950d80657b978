import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

// Aged 50, healthy: coefficient 0.8; informal work 0.8 x 2100 x 8 / 12 = 1120; farm 0.8 x 22000 x 0.6 / 12 = 880.
const aged50 = (values: Record<string, AttributeValue>) => assess(input([person('p1', 'HEAD', bornAged(50), values)]));

describe('imputed income: the gate', () => {
  it('imputes informal work to a member able to work with nothing on record: 0.8 x 2100 x 8 / 12 = 1120', () => {
    const a = aged50({ 'ps_hukou.hukou_type': 'URBAN' });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toEqual({ value: 1120, unit: 'CNY/month', rule: 'imputed.informal-work', attributes: [], persons: ['p1'] });
    expect(a.members[0]!.income.IMPUTED_FARM).toBeUndefined();
    expect(a.income.gross.value).toBe(1120);
  });

  it('scales with the coefficient: chronic illness at 30 gives 0.6 x 2100 x 8 / 12 = 840', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(30), { 'mi_medical.chronic_disease': true })]));
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toMatchObject({ value: 840, attributes: ['mi_medical.chronic_disease'] });
  });

  it('imputes nothing when the coefficient is 0 (aged 70, serious illness)', () => {
    expect(assess(input([person('p1', 'HEAD', bornAged(70))])).income.gross.value).toBe(0);
    expect(assess(input([person('p1', 'HEAD', bornAged(40), { 'mi_medical.serious_illness': true })])).income.gross.value).toBe(0);
  });

  it('imputes nothing to a full-time student, though the table gives a student of 20 coefficient 0.2', () => {
    const a = assess(input([person('p1', 'HEAD', bornAged(20), { 'edu_student.enrolled': true })]));
    expect(a.members[0]!.labourCoefficient.value).toBe(0.2);
    expect(a.members[0]!.income).toEqual({});
  });

  it('imputes nothing to a member in fixed employment (employed, not flexible): only the wage 500 counts', () => {
    const a = aged50({ 'hrss_employment.employed': true, 'hrss_employment.wage_monthly': 500 });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toBeUndefined();
    expect(a.income.gross.value).toBe(500);
  });

  it('imputes to a member in flexible employment: 1120 - 500 recorded = 620', () => {
    const a = aged50({ 'hrss_employment.employed': true, 'hrss_employment.flexible_employment': true, 'hrss_employment.wage_monthly': 500 });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toEqual({
      value: 620,
      unit: 'CNY/month',
      rule: 'imputed.informal-work',
      attributes: ['hrss_employment.employed', 'hrss_employment.flexible_employment', 'hrss_employment.wage_monthly'],
      persons: ['p1'],
    });
    expect(a.income.gross.value).toBe(1120);
  });
});

describe('imputed income: never on top of labour income', () => {
  it('imputes only the difference to recorded labour income, the same whatever category the money arrives under: 500 + 620 = 1120', () => {
    const same: Record<string, AttributeValue>[] = [{ 'hrss_employment.wage_monthly': 500 }, { 'tax.business_income_12m': 6000 }, { 'tax.labour_service_income_12m': 6000 }];
    for (const values of same) {
      const a = aged50(values);
      expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK?.value, Object.keys(values)[0]).toBe(620);
      expect(a.income.gross.value, Object.keys(values)[0]).toBe(1120);
    }
  });

  it('adds labour income over kinds, highest report per kind: wage 300 + business 2400 / 12 = 500, imputed 620', () => {
    const a = aged50({ 'hrss_employment.wage_monthly': 300, 'tax.wage_income_12m': 1200, 'tax.business_income_12m': 2400 });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK?.value).toBe(620);
  });

  it('imputes nothing when recorded labour income reaches the imputed amount (1120 or 1500)', () => {
    expect(aged50({ 'hrss_employment.wage_monthly': 1120 }).members[0]!.income.IMPUTED_INFORMAL_WORK).toBeUndefined();
    expect(aged50({ 'hrss_employment.wage_monthly': 1500 }).income.gross.value).toBe(1500);
  });

  it('does not count income that is not labour (interest 100, pension 300) against the imputed amount', () => {
    expect(aged50({ 'tax.interest_income_12m': 1200 }).income.gross.value).toBe(1220);
    expect(aged50({ 'hrss_benefit.pension_monthly': 300 }).income.gross.value).toBe(1420);
  });

  it('does not let a business loss raise the imputed amount: loss counts 0, 1120 imputed', () => {
    expect(aged50({ 'tax.business_income_12m': -24000 }).members[0]!.income.IMPUTED_INFORMAL_WORK?.value).toBe(1120);
  });
});

describe('imputed income: farm income follows contracted land', () => {
  it('imputes farm income to a member of a household with contracted land: 0.8 x 22000 x 0.6 / 12 = 880', () => {
    const a = aged50({ 'ps_hukou.hukou_type': 'RURAL', 'nr_land.contracted_area': 4.5 });
    expect(a.area).toBe('RURAL');
    expect(a.members[0]!.income.IMPUTED_FARM).toEqual({ value: 880, unit: 'CNY/month', rule: 'imputed.farm', attributes: ['nr_land.contracted_area'], persons: ['p1'] });
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK).toBeUndefined();
  });

  it('imputes informal work, not farm income, to a rural-hukou household without land: 1.0 x 2100 x 8 / 12 = 1400', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(30), { 'ps_hukou.hukou_type': 'RURAL' })]));
    expect(a.members[0]!.income.IMPUTED_INFORMAL_WORK?.value).toBe(1400);
    expect(a.members[0]!.income.IMPUTED_FARM).toBeUndefined();
  });

  it('imputes farm income to every able member when one holds the household’s contract, a deceased one too: 1.0 x 22000 x 0.6 / 12 = 1100 each', () => {
    const a = assess(
      input([
        person('h', 'HEAD', bornAged(30), { 'ps_hukou.hukou_type': 'RURAL' }),
        person('s', 'SPOUSE', bornAged(30)),
        person('gone', 'PARENT', bornAged(80), { 'ps_hukou.vital_status': 'DECEASED', 'nr_land.contracted_area': 6 }),
      ]),
    );
    expect(a.members.map((m) => m.income.IMPUTED_FARM?.value)).toEqual([1100, 1100, undefined]);
    expect(a.income.byKind.IMPUTED_FARM).toMatchObject({ value: 2200, rule: 'household.income.imputed-farm', persons: ['h', 's'] });
  });

  it('imputes farm income whatever the hukou when there is land (no hukou record: 880), less labour income (880 - 300 = 580)', () => {
    expect(aged50({ 'nr_land.contracted_area': 3 }).members[0]!.income.IMPUTED_FARM?.value).toBe(880);
    expect(aged50({ 'nr_land.contracted_area': 3, 'hrss_employment.wage_monthly': 300 }).members[0]!.income.IMPUTED_FARM?.value).toBe(580);
  });
});
