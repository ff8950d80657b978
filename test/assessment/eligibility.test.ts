import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess, type AssessedPerson, type Assessment, type Programme } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

const of = (a: Assessment, p: Programme) => a.eligibility.find((e) => e.programme === p)!;
const eligible = (a: Assessment) => a.eligibility.filter((e) => e.eligible).map((e) => e.programme);

// An elderly couple (coefficient 0): the head's pension is the household's only income.
const couple = (pension: number, head: Record<string, AttributeValue> = {}, supporters: AssessedPerson[] = []) =>
  assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': pension, ...head }), person('s', 'SPOUSE', bornAged(71))], supporters));

describe('eligibility per programme', () => {
  it('lists the four programmes in order', () => {
    expect(couple(1000).eligibility.map((e) => e.programme)).toEqual(['MINIMUM_LIVING', 'EXTREME_POVERTY', 'MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP']);
  });

  it('grants the minimum living allowance below the standard, with every reason', () => {
    const a = couple(1799.98);
    expect(a.income.perCapita.value).toBe(899.99);
    expect(of(a, 'MINIMUM_LIVING')).toEqual({
      programme: 'MINIMUM_LIVING',
      eligible: true,
      reasons: ['2 member(s) counted', 'Per-capita income 899.99 below the minimum living standard 900.00', 'Assets within the limits', 'No veto clause applies'],
    });
  });

  it('refuses it at the standard itself (near miss), and the household is marginal instead', () => {
    const a = couple(1800);
    expect(of(a, 'MINIMUM_LIVING')).toEqual({ programme: 'MINIMUM_LIVING', eligible: false, reasons: ['Per-capita income 900.00 not below the minimum living standard 900.00'] });
    expect(eligible(a)).toEqual(['MARGINAL']);
  });

  it('refuses it when assets exceed a limit, even far below the standard', () => {
    const a = couple(200, { 'ps_vehicle.vehicle_count': 1 });
    expect(of(a, 'MINIMUM_LIVING')).toEqual({ programme: 'MINIMUM_LIVING', eligible: false, reasons: ['Vehicles 1 above the limit 0'] });
    expect(eligible(a)).toEqual([]);
  });

  it('grants extreme-poverty support to a household with no labour capacity and no able supporter', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40), { 'mi_medical.serious_illness': true, 'hrss_employment.wage_monthly': 8000 })]);
    expect(of(a, 'EXTREME_POVERTY')).toEqual({
      programme: 'EXTREME_POVERTY',
      eligible: true,
      reasons: ['Meets the minimum living allowance conditions', 'No member able to work', 'No supporter able to support'],
    });
    expect(eligible(a)).toEqual(['MINIMUM_LIVING', 'EXTREME_POVERTY']);
  });

  it('refuses extreme-poverty support when a supporter is able, even without recorded income (near miss)', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40))]);
    expect(a.income.byKind.SUPPORT?.value).toBe(0);
    expect(of(a, 'EXTREME_POVERTY')).toEqual({ programme: 'EXTREME_POVERTY', eligible: false, reasons: ['1 supporter(s) able to support'] });
    expect(of(a, 'MINIMUM_LIVING').eligible).toBe(true);
  });

  it('refuses extreme-poverty support when a member can work', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(66), { 'hrss_employment.wage_monthly': 300 })]));
    expect(a.members[0]!.labourCoefficient.value).toBe(0.4);
    expect(of(a, 'EXTREME_POVERTY')).toEqual({ programme: 'EXTREME_POVERTY', eligible: false, reasons: ['1 member(s) able to work'] });
  });

  it('grants marginal status between the two standards and refuses it at the low-income standard (near miss)', () => {
    expect(of(couple(2699.98), 'MARGINAL')).toEqual({
      programme: 'MARGINAL',
      eligible: true,
      reasons: ['Not eligible for the minimum living allowance', '2 member(s) counted', 'Per-capita income 1349.99 below the low-income standard 1350.00', 'Assets within the limits', 'No veto clause applies'],
    });
    expect(of(couple(2700), 'MARGINAL')).toEqual({ programme: 'MARGINAL', eligible: false, reasons: ['Per-capita income 1350.00 not below the low-income standard 1350.00'] });
    expect(of(couple(1000), 'MARGINAL')).toEqual({ programme: 'MARGINAL', eligible: false, reasons: ['Eligible for the minimum living allowance instead'] });
  });

  it('grants rigid-expenditure hardship to a household poor by spending, not by income', () => {
    // 3000 / 2 = 1500 before; 7200 a year of medical bills: (3000 - 600) / 2 = 1200 after.
    const a = couple(3000, { 'mi_medical.out_of_pocket_12m': 7200 });
    expect(of(a, 'RIGID_EXPENDITURE_HARDSHIP')).toEqual({
      programme: 'RIGID_EXPENDITURE_HARDSHIP',
      eligible: true,
      reasons: [
        '2 member(s) counted',
        'Per-capita income before rigid expenditure 1500.00 not below the low-income standard 1350.00',
        'Per-capita income after rigid expenditure 1200.00 below the low-income standard 1350.00',
        'Assets within the limits',
        'No veto clause applies',
      ],
    });
    expect(eligible(a)).toEqual(['MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP']);
  });

  it('refuses rigid-expenditure hardship when the bills leave income at the standard (near miss) or income was low anyway', () => {
    expect(of(couple(3000, { 'mi_medical.out_of_pocket_12m': 3600 }), 'RIGID_EXPENDITURE_HARDSHIP')).toEqual({
      programme: 'RIGID_EXPENDITURE_HARDSHIP',
      eligible: false,
      reasons: ['Per-capita income after rigid expenditure 1350.00 not below the low-income standard 1350.00'],
    });
    expect(of(couple(2000, { 'mi_medical.out_of_pocket_12m': 3600 }), 'RIGID_EXPENDITURE_HARDSHIP').reasons).toEqual(['Per-capita income before rigid expenditure 1000.00 already below the low-income standard 1350.00']);
  });

  it('grants nothing when no member is counted', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(80), { 'ps_hukou.vital_status': 'DECEASED' })]));
    expect(a.income.perCapita.value).toBe(0);
    expect(eligible(a)).toEqual([]);
    expect(of(a, 'MINIMUM_LIVING').reasons).toEqual(['No living member outside prison to assess']);
  });
});
