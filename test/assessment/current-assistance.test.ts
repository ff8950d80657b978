import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

describe('current assistance', () => {
  it('lists every assistance flag and every payment per member, so repeated assistance shows', () => {
    const a = assess(
      input([
        person('h', 'HEAD', bornAged(70), {
          'ca_assistance.dibao_recipient': true,
          'ca_assistance.tekun_recipient': false,
          'ca_assistance.benefit_monthly': 600,
          'charity_aid.aid_received_12m': 2400,
          'union_aid.aid_received_12m': 0,
          'dpf_disability.living_subsidy_monthly': 90,
          'rr_monitoring.monitored': true,
        }),
        person('c', 'CHILD', bornAged(12), { 'ca_assistance.orphan_allowance_monthly': 1200 }),
        person('late', 'SPOUSE', bornAged(72), { 'ps_hukou.vital_status': 'DECEASED', 'ca_assistance.low_income_recipient': true }),
      ]),
    );
    expect(a.currentAssistance).toEqual([
      { attribute: 'ca_assistance.dibao_recipient', personId: 'h', value: true },
      { attribute: 'ca_assistance.benefit_monthly', personId: 'h', value: 600 },
      { attribute: 'charity_aid.aid_received_12m', personId: 'h', value: 2400 },
      { attribute: 'dpf_disability.living_subsidy_monthly', personId: 'h', value: 90 },
      { attribute: 'ca_assistance.orphan_allowance_monthly', personId: 'c', value: 1200 },
      { attribute: 'ca_assistance.low_income_recipient', personId: 'late', value: true },
    ]);
    // None of it is income.
    expect(a.income.gross.value).toBe(0);
  });

  it('is empty for a household receiving nothing', () => {
    expect(assess(input([person('h', 'HEAD', bornAged(70), { 'ca_assistance.dibao_recipient': false })])).currentAssistance).toEqual([]);
  });
});
