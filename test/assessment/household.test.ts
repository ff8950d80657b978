import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

describe('household income and per-capita figures', () => {
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
    expect(a.income.byKind.IMPUTED_INFORMAL_WORK?.value).toBe(1400);
    expect(a.income.byKind.SUPPORT?.value).toBe(400);
    expect(a.income.gross.value).toBe(5300);
    expect(a.income.perCapita.value).toBe(1766.67);
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
