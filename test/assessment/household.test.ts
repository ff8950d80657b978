import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

describe('co-resident members (共同生活家庭成员)', () => {
  it('excludes deceased and imprisoned members from per-capita figures, their income too, but still lists them', () => {
    const a = assess(
      input([
        person('head', 'HEAD', bornAged(50), { 'hrss_employment.wage_monthly': 2700 }),
        person('late', 'SPOUSE', bornAged(68), { 'ps_hukou.vital_status': 'DECEASED', 'hrss_benefit.pension_monthly': 3000 }),
        person('jailed', 'CHILD', bornAged(25), { 'court.imprisoned': true, 'hrss_employment.wage_monthly': 5000 }),
        person('kid', 'CHILD', bornAged(10)),
      ]),
    );
    expect(a.members.map((m) => m.personId)).toEqual(['head', 'late', 'jailed', 'kid']);
    expect(a.members[1]!.income.PENSION?.value).toBe(3000);
    // 2700 / 2 co-resident members (head, kid); the head's wage 2700 is above the imputed 0.8 x 1400 = 1120.
    expect(a.income.gross).toEqual({ value: 2700, unit: 'CNY/month', rule: 'household.gross.counted-members', attributes: ['hrss_employment.wage_monthly'], persons: ['head'] });
    expect(a.income.perCapita).toEqual({ value: 1350, unit: 'CNY/month', rule: 'household.per-capita.counted-members', attributes: ['hrss_employment.wage_monthly'], persons: ['head', 'kid'] });
    expect(a.income.perCapitaBeforeDeductions).toMatchObject({ value: 1350, rule: 'household.per-capita-before-deductions.counted-members' });
  });

  it('adds kinds over members in byKind and gross, imputed and support included', () => {
    const a = assess(
      input(
        [person('head', 'HEAD', bornAged(50), { 'hrss_employment.wage_monthly': 2000 }), person('spouse', 'SPOUSE', bornAged(48), { 'tax.wage_income_12m': 18000 }), person('son', 'CHILD', bornAged(30))],
        [person('daughter', 'CHILD', bornAged(28), { 'hrss_employment.wage_monthly': 8000 })],
      ),
    );
    expect(a.income.byKind.WAGE).toEqual({ value: 3500, unit: 'CNY/month', rule: 'household.income.wage', attributes: ['hrss_employment.wage_monthly', 'tax.wage_income_12m'], persons: ['head', 'spouse'] });
    // The son: 1.0 x 2100 x 8 / 12 = 1400; the spouse's 1500 wage is above her 0.8 x 1400 = 1120.
    expect(a.income.byKind.IMPUTED_INFORMAL_WORK?.value).toBe(1400);
    // 8000 x 5% for each of two parents (head and spouse).
    expect(a.income.byKind.SUPPORT?.value).toBe(800);
    // 3500 + 1400 + 800 = 5700, / 3 = 1900
    expect(a.income.gross.value).toBe(5700);
    expect(a.income.perCapita.value).toBe(1900);
  });

  it('rounds money to the fen only at the end', () => {
    // Three yearly reports of 1000.01 each: 83.334166... a month, 250.0025 together, per capita 83.33416...
    const a = assess(
      input([
        person('a', 'HEAD', bornAged(75), { 'tax.interest_income_12m': 1000.01 }),
        person('b', 'SPOUSE', bornAged(75), { 'tax.interest_income_12m': 1000.01 }),
        person('c', 'PARENT', bornAged(95), { 'tax.interest_income_12m': 1000.01 }),
      ]),
    );
    expect(a.members[0]!.income.INTEREST?.value).toBe(83.33);
    expect(a.income.gross.value).toBe(250);
    expect(a.income.perCapita.value).toBe(83.33);
  });
});

describe('what the household holds: every member’s assets', () => {
  const household = (gone: Record<string, string | number | boolean>) => input([person('a', 'HEAD', bornAged(75), { 'bank_icbc.demand_deposit': 20000 }), person('b', 'SPOUSE', bornAged(75)), person('gone', 'PARENT', bornAged(95), gone)]);

  it('passes a deceased member’s deposits to the household, divided over co-resident members: (20000 + 50000) / 2 = 35000', () => {
    const a = assess(household({ 'ps_hukou.vital_status': 'DECEASED', 'bank_boc.demand_deposit': 50000 }));
    expect(a.assets.depositsPerCapita).toEqual({ value: 35000, unit: 'CNY', rule: 'assets.deposits-per-capita.all-holdings', attributes: ['bank_icbc.demand_deposit', 'bank_boc.demand_deposit'], persons: ['a', 'gone'] });
    expect(a.assets.exceeded.map((e) => e.limit)).toEqual(['depositsPerCapita']);
  });

  it('counts an imprisoned member’s vehicle and properties: 1 vehicle above the 0 allowed, 1 + 1 properties above the 1 allowed', () => {
    const a = assess(
      input([person('a', 'HEAD', bornAged(75), { 're_property.property_count': 1 }), person('jailed', 'CHILD', bornAged(40), { 'court.imprisoned': true, 'ps_vehicle.vehicle_count': 1, 're_property.property_count': 1 })]),
    );
    expect(a.assets.vehicles).toMatchObject({ value: 1, persons: ['jailed'] });
    expect(a.assets.properties).toMatchObject({ value: 2, persons: ['a', 'jailed'] });
    expect(a.vetoes.map((v) => v.code)).toEqual(['SECOND_HOME']);
  });

  it('vetoes on a deceased member’s luxury vehicle, not on their status (public payroll) nor their income', () => {
    const a = assess(household({ 'ps_hukou.vital_status': 'DECEASED', 'ps_vehicle.luxury_vehicle': true, 'fin_payroll.on_public_payroll': true, 'fin_payroll.payroll_monthly': 9000 }));
    expect(a.vetoes.map((v) => [v.code, v.figure.persons])).toEqual([['LUXURY_VEHICLE', ['gone']]]);
    expect(a.income.gross.value).toBe(0);
  });
});
