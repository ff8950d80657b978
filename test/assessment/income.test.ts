import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

// Aged 75: coefficient 0, so no imputed income blurs the recorded figures.
const one = (values: Record<string, number | boolean | string>) => assess(input([person('p1', 'HEAD', bornAged(75), values)]));

describe('recorded income', () => {
  it('takes the highest report of a wage among sources, never their sum', () => {
    const a = one({ 'hrss_employment.wage_monthly': 3000, 'tax.wage_income_12m': 30000, 'fin_payroll.payroll_monthly': 2800 });
    expect(a.members[0]!.income.WAGE).toEqual({
      value: 3000,
      unit: 'CNY/month',
      rule: 'income.wage.max-of-sources',
      attributes: ['hrss_employment.wage_monthly', 'fin_payroll.payroll_monthly', 'tax.wage_income_12m'],
      persons: ['p1'],
    });
    expect(a.income.gross.value).toBe(3000);
  });

  it('divides yearly amounts by 12', () => {
    const a = one({ 'tax.wage_income_12m': 42000, 'tax.interest_income_12m': 1500, 'tax.property_income_12m': 18000, 'tax.business_income_12m': 6000 });
    const income = a.members[0]!.income;
    expect(income.WAGE?.value).toBe(3500);
    expect(income.INTEREST?.value).toBe(125);
    expect(income.PROPERTY?.value).toBe(1500);
    expect(income.BUSINESS?.value).toBe(500);
    expect(a.income.gross.value).toBe(5625);
  });

  it('spreads a one-off amount (plain CNY) over 12 months', () => {
    const a = one({ 'ca_funeral.funeral_subsidy': 5000 });
    expect(a.members[0]!.income.OTHER).toMatchObject({ value: 416.67, rule: 'income.other.max-of-sources', attributes: ['ca_funeral.funeral_subsidy'] });
  });

  it('reads pension and unemployment benefit monthly as they are', () => {
    const income = one({ 'hrss_benefit.pension_monthly': 2100.5, 'hrss_benefit.unemployment_benefit_monthly': 1400 }).members[0]!.income;
    expect(income.PENSION?.value).toBe(2100.5);
    expect(income.UNEMPLOYMENT?.value).toBe(1400);
  });

  it('shows transfers but keeps them out of gross income', () => {
    const a = one({ 'ca_assistance.benefit_monthly': 600, 'charity_aid.aid_received_12m': 12000, 'hrss_benefit.pension_monthly': 500 });
    // Two different payments, added (not the higher of them): 600 + 12,000 / 12 = 1,600.
    expect(a.members[0]!.income.TRANSFER).toMatchObject({ value: 1600, rule: 'income.transfer.max-of-sources', attributes: ['charity_aid.aid_received_12m', 'ca_assistance.benefit_monthly'] });
    expect(a.income.byKind.TRANSFER?.value).toBe(1600);
    expect(a.income.gross).toMatchObject({ value: 500, attributes: ['hrss_benefit.pension_monthly'] });
  });

  it('adds different payments of one kind: an annuity and labour-service pay (hand-computed)', () => {
    // Annuity 3,600/year = 300/month; labour services 4,800/year = 400/month: two payments, 700.
    const a = one({ 'ins_association.annuity_income_12m': 3600, 'tax.labour_service_income_12m': 4800 });
    expect(a.members[0]!.income.OTHER).toMatchObject({ value: 700, attributes: ['tax.labour_service_income_12m', 'ins_association.annuity_income_12m'] });
    expect(a.income.gross.value).toBe(700);
  });

  it('reads a resident pension as a pension, added to an employee pension (a different payment)', () => {
    const a = one({ 'hrss_benefit.pension_monthly': 2000, 'hrss_benefit.resident_pension_monthly': 150, 'tax.labour_service_income_12m': 1200 });
    const income = a.members[0]!.income;
    // 2,000 + 150 = 2,150 pension; other income only the labour services, 1,200 / 12 = 100.
    expect(income.PENSION).toMatchObject({ value: 2150, attributes: ['hrss_benefit.pension_monthly', 'hrss_benefit.resident_pension_monthly'] });
    expect(income.OTHER).toMatchObject({ value: 100, attributes: ['tax.labour_service_income_12m'] });
    expect(a.income.gross.value).toBe(2250);
  });

  it('never reads income indicators (contribution base, business revenue)', () => {
    const a = one({ 'hrss_insurance.contribution_base_monthly': 5000, 'samr_business.annual_revenue': 600000 });
    expect(a.members[0]!.income).toEqual({});
    expect(a.income.gross.value).toBe(0);
  });

  it('keeps assistance paid as other income (orphan allowance, disability subsidies) out of OTHER', () => {
    const a = one({ 'ca_assistance.orphan_allowance_monthly': 1200, 'dpf_disability.living_subsidy_monthly': 100, 'rr_monitoring.per_capita_income_year': 9000, 'tax.labour_service_income_12m': 2400 });
    expect(a.members[0]!.income.OTHER).toMatchObject({ value: 200, attributes: ['tax.labour_service_income_12m'] });
  });

  it('does not let a reported loss offset other income', () => {
    const a = one({ 'tax.business_income_12m': -24000, 'hrss_benefit.pension_monthly': 800 });
    expect(a.members[0]!.income.BUSINESS?.value).toBe(0);
    expect(a.income.gross.value).toBe(800);
  });

  it('ignores records an agency did not find', () => {
    const p = person('p1', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': 800 });
    p.records['tax'] = { found: false };
    expect(assess(input([p])).income.gross.value).toBe(800);
  });
});
