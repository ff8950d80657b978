import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess, type AssessedPerson } from '../../src/assessment/index.js';
import { policyParametersSchema } from '../../src/regional-policy/index.js';
import { bornAged, input, parameters, person, policyWith } from './fixture-policy.js';

// An elderly parent (the head, coefficient 0, no income) and one child outside the household.
const parent = (): AssessedPerson => person('parent', 'HEAD', bornAged(78));
const withChild = (values: Record<string, AttributeValue>, members: AssessedPerson[] = [parent()], policy = policyWith({})) => assess(input(members, [person('child', 'CHILD', bornAged(45), values)], policy));
const wage = { 'hrss_employment.wage_monthly': 6000 };

describe('support from supporters: per parent supported', () => {
  it('counts 5% of an ordinary supporter’s income for one parent: 6000 x 5% x 1 = 300', () => {
    const a = withChild({ ...wage, 'tax.wage_income_12m': 60000, 'bank_icbc.demand_deposit': 20000 });
    expect(a.supporters).toEqual([
      {
        personId: 'child',
        parents: ['parent'],
        income: { value: 6000, unit: 'CNY/month', rule: 'support.supporter-income', attributes: ['hrss_employment.wage_monthly', 'tax.wage_income_12m'], persons: ['child'] },
        share: 0.05,
        exemption: null,
        support: { value: 300, unit: 'CNY/month', rule: 'support.per-parent-share.base', attributes: ['hrss_employment.wage_monthly', 'tax.wage_income_12m'], persons: ['child', 'parent'] },
        verified: true,
      },
    ]);
    expect(a.income.byKind.SUPPORT).toEqual({ value: 300, unit: 'CNY/month', rule: 'household.income.support', attributes: ['hrss_employment.wage_monthly', 'tax.wage_income_12m'], persons: ['child'] });
    expect(a.income.perCapita.value).toBe(300);
  });

  it('counts the share once per parent in the household: 6000 x 5% x 2 = 600', () => {
    const a = withChild(wage, [parent(), person('mother', 'SPOUSE', bornAged(76))]);
    expect(a.supporters[0]).toMatchObject({ parents: ['parent', 'mother'], support: { value: 600, persons: ['child', 'parent', 'mother'] } });
    // (0 + 0 + 600) / 2 members
    expect(a.income.perCapita.value).toBe(300);
  });

  it('counts only co-resident parents: a deceased or imprisoned parent is not supported here (6000 x 5% x 1 = 300)', () => {
    const gone: Record<string, AttributeValue>[] = [{ 'ps_hukou.vital_status': 'DECEASED' }, { 'court.imprisoned': true }];
    for (const values of gone) {
      const a = withChild(wage, [parent(), person('mother', 'SPOUSE', bornAged(76), values)]);
      expect(a.supporters[0]).toMatchObject({ parents: ['parent'], support: { value: 300 } });
    }
  });

  it('identifies the parents of a SIBLING supporter as the head’s PARENT members: 4000 x 5% x 1 = 200', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(50), { 'hrss_benefit.pension_monthly': 3000 }), person('old', 'PARENT', bornAged(80))], [person('sib', 'SIBLING', bornAged(48), { 'hrss_employment.wage_monthly': 4000 })]));
    expect(a.supporters[0]).toMatchObject({ parents: ['old'], support: { value: 200, rule: 'support.per-parent-share.base' } });
  });

  it('counts nothing from a supporter whose parents are not in the household, and says so', () => {
    const a = assess(input([parent()], [person('x', 'OTHER', bornAged(40), wage)]));
    expect(a.supporters[0]).toMatchObject({ parents: [], share: 0, exemption: 'NO_PARENT', support: { value: 0, rule: 'support.no-parent-in-household' }, verified: true });
  });

  it('adds all counted kinds of the supporter’s income, not transfers: (6000 + 24000 / 12) x 5% = 400', () => {
    expect(withChild({ ...wage, 'tax.property_income_12m': 24000, 'charity_aid.aid_received_12m': 12000 }).income.byKind.SUPPORT?.value).toBe(400);
  });
});

describe('support from supporters: the share by circumstances (policy data)', () => {
  it('raises the share to 10% for deposits at or above the bound, summed across banks: 6000 x 10% = 600', () => {
    const a = withChild({ ...wage, 'bank_icbc.demand_deposit': 60000, 'bank_ccb.time_deposit': 40000 });
    expect(a.supporters[0]!.support).toMatchObject({ value: 600, rule: 'support.per-parent-share.raised', attributes: ['hrss_employment.wage_monthly', 'bank_ccb.time_deposit', 'bank_icbc.demand_deposit'] });
    // 99999.99 is below the bound of 100000: 6000 x 5% = 300
    expect(withChild({ ...wage, 'bank_icbc.demand_deposit': 99999.99 }).income.byKind.SUPPORT?.value).toBe(300);
  });

  it('raises the share for a luxury vehicle or more than one property (600), not for one property (300)', () => {
    expect(withChild({ ...wage, 'ps_vehicle.luxury_vehicle': true }).supporters[0]!.support).toMatchObject({ value: 600, attributes: ['hrss_employment.wage_monthly', 'ps_vehicle.luxury_vehicle'] });
    expect(withChild({ ...wage, 're_property.property_count': 2 }).income.byKind.SUPPORT?.value).toBe(600);
    expect(withChild({ ...wage, 're_property.property_count': 1 }).income.byKind.SUPPORT?.value).toBe(300);
  });

  it('raises the share only for the circumstances the policy lists (raisedWhen: LUXURY_VEHICLE)', () => {
    const p = policyWith({ support: { ...parameters.support, raisedWhen: ['LUXURY_VEHICLE'] } });
    expect(withChild({ ...wage, 're_property.property_count': 2 }, [parent()], p).income.byKind.SUPPORT?.value).toBe(300);
    expect(withChild({ ...wage, 'ps_vehicle.luxury_vehicle': true }, [parent()], p).income.byKind.SUPPORT?.value).toBe(600);
  });
});

describe('support from supporters: exemptions as the source lists them', () => {
  it('counts nothing from a supporter on dibao or tekun, seriously ill, severely disabled, imprisoned or a student, naming the proof', () => {
    const exempting: [Record<string, AttributeValue>, string, string][] = [
      [{ 'ca_assistance.dibao_recipient': true }, 'ca_assistance.dibao_recipient', 'DIBAO_RECIPIENT'],
      [{ 'ca_assistance.tekun_recipient': true }, 'ca_assistance.tekun_recipient', 'TEKUN_RECIPIENT'],
      [{ 'mi_medical.serious_illness': true }, 'mi_medical.serious_illness', 'SERIOUS_ILLNESS'],
      [{ 'dpf_disability.disability_grade': 'GRADE_2' }, 'dpf_disability.disability_grade', 'SEVERE_DISABILITY'],
      [{ 'court.imprisoned': true }, 'court.imprisoned', 'IMPRISONED'],
      [{ 'edu_student.enrolled': true }, 'edu_student.enrolled', 'STUDENT'],
    ];
    for (const [values, code, exemption] of exempting) {
      const s = withChild({ ...wage, 'ps_vehicle.luxury_vehicle': true, ...values }).supporters[0]!;
      expect(s, code).toMatchObject({ share: 0, exemption, verified: true, support: { value: 0, unit: 'CNY/month', rule: 'support.exempt', attributes: [code], persons: ['child'] } });
    }
  });

  it('still counts a supporter on another assistance register (low income), merely monitored, or mildly disabled: 300', () => {
    const counted: Record<string, AttributeValue>[] = [{ 'ca_assistance.low_income_recipient': true }, { 'rr_monitoring.monitored': true }, { 'dpf_disability.disability_grade': 'GRADE_3' }];
    for (const values of counted) {
      expect(withChild({ ...wage, ...values }).income.byKind.SUPPORT?.value).toBe(300);
    }
  });

  it('exempts only for the circumstances the policy lists (exemptWhen: DIBAO_RECIPIENT): a student pays 300', () => {
    const p = policyWith({ support: { ...parameters.support, exemptWhen: ['DIBAO_RECIPIENT'] } });
    expect(withChild({ ...wage, 'edu_student.enrolled': true }, [parent()], p).income.byKind.SUPPORT?.value).toBe(300);
    expect(withChild({ ...wage, 'ca_assistance.dibao_recipient': true }, [parent()], p).income.byKind.SUPPORT?.value).toBe(0);
  });

  it('counts nothing from a deceased supporter', () => {
    expect(withChild({ ...wage, 'ps_hukou.vital_status': 'DECEASED' }).supporters[0]).toMatchObject({ exemption: 'DECEASED', support: { value: 0, rule: 'support.deceased', attributes: ['ps_hukou.vital_status'] } });
  });
});

describe('support from supporters: no record is not zero income', () => {
  it('shows a supporter no income source has a record of as no-record: 0, unverified, income null', () => {
    const a = withChild({ 'bank_icbc.demand_deposit': 500 });
    expect(a.supporters[0]).toEqual({
      personId: 'child',
      parents: ['parent'],
      income: null,
      share: 0.05,
      exemption: null,
      support: { value: 0, unit: 'CNY/month', rule: 'support.no-record', attributes: [], persons: ['child'] },
      verified: false,
    });
    expect(a.income.byKind.SUPPORT).toMatchObject({ value: 0, persons: ['child'] });
  });

  it('tells a reported income of 0 (verified, 0 x 5% = 0) from no record', () => {
    expect(withChild({ 'hrss_employment.wage_monthly': 0 }).supporters[0]).toMatchObject({ income: { value: 0 }, support: { value: 0, rule: 'support.per-parent-share.base' }, verified: true });
  });

  it('adds the support of several supporters, imputing none to them: 4000 x 5% + no record + 120000 / 12 x 5% = 700', () => {
    const a = assess(
      input(
        [parent()],
        [person('c1', 'CHILD', bornAged(45), { 'hrss_employment.wage_monthly': 4000 }), person('c2', 'CHILD', bornAged(40), {}), person('c3', 'CHILD', bornAged(38), { 'tax.wage_income_12m': 120000 })],
      ),
    );
    expect(a.income.byKind.SUPPORT).toMatchObject({ value: 700, persons: ['c1', 'c2', 'c3'] });
    expect(a.supporters.map((s) => [s.personId, s.support.rule, s.verified])).toEqual([
      ['c1', 'support.per-parent-share.base', true],
      ['c2', 'support.no-record', false],
      ['c3', 'support.per-parent-share.base', true],
    ]);
  });

  it('has no SUPPORT figure and no supporter when there is no supporter', () => {
    const a = assess(input([parent()]));
    expect(a.income.byKind.SUPPORT).toBeUndefined();
    expect(a.supporters).toEqual([]);
  });
});

describe('support policy data', () => {
  it('refuses a list naming a circumstance twice or an unknown one, naming the field', () => {
    const issue = (support: Record<string, unknown>) => policyParametersSchema.shape.support.safeParse({ ...parameters.support, ...support }).error?.issues[0];
    expect(issue({ exemptWhen: ['STUDENT', 'STUDENT'] })).toMatchObject({ path: ['exemptWhen'], message: 'must not list a value twice' });
    expect(issue({ raisedWhen: ['YACHT'] })?.path).toEqual(['raisedWhen', 0]);
    expect(issue({ maxShare: 0.04 })?.path).toEqual(['maxShare']);
    // Versions stored before the lists existed still parse (the fallbacks are documented).
    expect(issue({})).toBeUndefined();
  });
});
