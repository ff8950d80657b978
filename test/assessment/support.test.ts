import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

// An elderly parent with no income (coefficient 0) and one child outside the household.
const withChild = (values: Record<string, AttributeValue>) => assess(input([person('parent', 'HEAD', bornAged(78))], [person('child', 'CHILD', bornAged(45), values)]));

describe('support from children', () => {
  it('counts 5% of an ordinary supporter’s income', () => {
    const a = withChild({ 'hrss_employment.wage_monthly': 6000, 'tax.wage_income_12m': 60000, 'bank_icbc.demand_deposit': 20000 });
    expect(a.income.byKind.SUPPORT).toEqual({ value: 300, unit: 'CNY/month', rule: 'support.share-of-supporter-income', attributes: ['hrss_employment.wage_monthly', 'tax.wage_income_12m'], persons: ['child'] });
    expect(a.income.gross.value).toBe(300);
    expect(a.income.perCapita.value).toBe(300);
  });

  it('adds all counted kinds of the supporter’s income, not transfers', () => {
    const a = withChild({ 'hrss_employment.wage_monthly': 6000, 'tax.property_income_12m': 24000, 'charity_aid.aid_received_12m': 12000 });
    // (6000 + 2000) x 5%
    expect(a.income.byKind.SUPPORT?.value).toBe(400);
  });

  it('counts 10% when the supporter has deposits at or above the wealthy threshold (summed across banks)', () => {
    const a = withChild({ 'hrss_employment.wage_monthly': 6000, 'bank_icbc.demand_deposit': 60000, 'bank_ccb.time_deposit': 40000 });
    expect(a.income.byKind.SUPPORT).toMatchObject({ value: 600, attributes: ['hrss_employment.wage_monthly', 'bank_ccb.time_deposit', 'bank_icbc.demand_deposit'] });
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 'bank_icbc.demand_deposit': 99999.99 }).income.byKind.SUPPORT?.value).toBe(300);
  });

  it('counts 10% when the supporter owns a luxury vehicle or more than one property', () => {
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 'ps_vehicle.luxury_vehicle': true }).income.byKind.SUPPORT).toMatchObject({ value: 600, attributes: ['hrss_employment.wage_monthly', 'ps_vehicle.luxury_vehicle'] });
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 're_property.property_count': 2 }).income.byKind.SUPPORT?.value).toBe(600);
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 're_property.property_count': 1 }).income.byKind.SUPPORT?.value).toBe(300);
  });

  it('counts nothing from a supporter on assistance, seriously ill, severely disabled, imprisoned, a student or deceased', () => {
    const exempting: [Record<string, AttributeValue>, string][] = [
      [{ 'ca_assistance.dibao_recipient': true }, 'ca_assistance.dibao_recipient'],
      [{ 'mi_medical.serious_illness': true }, 'mi_medical.serious_illness'],
      [{ 'dpf_disability.disability_grade': 'GRADE_2' }, 'dpf_disability.disability_grade'],
      [{ 'court.imprisoned': true }, 'court.imprisoned'],
      [{ 'edu_student.enrolled': true }, 'edu_student.enrolled'],
      [{ 'ps_hukou.vital_status': 'DECEASED' }, 'ps_hukou.vital_status'],
    ];
    for (const [values, code] of exempting) {
      const support = withChild({ 'hrss_employment.wage_monthly': 6000, 'ps_vehicle.luxury_vehicle': true, ...values }).income.byKind.SUPPORT;
      expect(support, code).toEqual({ value: 0, unit: 'CNY/month', rule: 'support.share-of-supporter-income', attributes: [code], persons: ['child'] });
    }
  });

  it('still counts a mildly disabled supporter, or one merely monitored against relapse', () => {
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 'dpf_disability.disability_grade': 'GRADE_3' }).income.byKind.SUPPORT?.value).toBe(300);
    expect(withChild({ 'hrss_employment.wage_monthly': 6000, 'rr_monitoring.monitored': true }).income.byKind.SUPPORT?.value).toBe(300);
  });

  it('adds the support of several supporters and imputes none to them', () => {
    const a = assess(
      input(
        [person('parent', 'HEAD', bornAged(78))],
        [person('c1', 'CHILD', bornAged(45), { 'hrss_employment.wage_monthly': 4000 }), person('c2', 'CHILD', bornAged(40), {}), person('c3', 'CHILD', bornAged(38), { 'tax.wage_income_12m': 120000 })],
      ),
    );
    // 4000 x 5% + 0 + 10000 x 5%
    expect(a.income.byKind.SUPPORT).toMatchObject({ value: 700, persons: ['c1', 'c2', 'c3'] });
  });

  it('has no SUPPORT figure when there is no supporter', () => {
    expect(assess(input([person('parent', 'HEAD', bornAged(78))])).income.byKind.SUPPORT).toBeUndefined();
  });
});
