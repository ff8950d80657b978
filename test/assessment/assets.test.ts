import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

const liquid = { 'bank_icbc.demand_deposit': 20000, 'bank_icbc.time_deposit': 10000, 'bank_ccb.time_deposit': 15000, 'bank_icbc.wealth_product': 5000, 'bank_abc.fund_holding': 4000, 'sec_csdc.market_value': 6000 };

describe('asset test', () => {
  it('sums deposits across banks with wealth products, funds and securities, per co-resident member', () => {
    const a = assess(input([person('a', 'HEAD', bornAged(75), liquid), person('b', 'SPOUSE', bornAged(75))]));
    expect(a.assets.depositsPerCapita).toEqual({
      value: 30000,
      unit: 'CNY',
      rule: 'assets.deposits-per-capita.all-holdings',
      attributes: ['bank_abc.fund_holding', 'bank_ccb.time_deposit', 'bank_icbc.demand_deposit', 'bank_icbc.time_deposit', 'bank_icbc.wealth_product', 'sec_csdc.market_value'],
      persons: ['a'],
    });
    // 30000 is the limit itself: not exceeded.
    expect(a.assets.passes).toBe(true);
    expect(a.assets.exceeded).toEqual([]);
  });

  it('names each limit exceeded with its figure', () => {
    const a = assess(
      input([
        person('a', 'HEAD', bornAged(50), { ...liquid, 'bank_psbc.demand_deposit': 0.02, 'ps_vehicle.vehicle_count': 1, 'samr_business.registered_capital': 150000, 'hrss_employment.wage_monthly': 1000 }),
        person('b', 'SPOUSE', bornAged(48), { 're_property.property_count': 1, 'hrss_employment.wage_monthly': 1000 }),
      ]),
    );
    expect(a.assets.passes).toBe(false);
    expect(a.assets.exceeded.map((e) => [e.limit, e.allowed, e.figure.value])).toEqual([
      ['depositsPerCapita', 30000, 30000.01],
      ['vehicles', 0, 1],
      ['businessCapital', 100000, 150000],
    ]);
    expect(a.assets.vehicles).toEqual({ value: 1, unit: 'count', rule: 'assets.vehicles', attributes: ['ps_vehicle.vehicle_count'], persons: ['a'] });
    expect(a.assets.businessCapital).toEqual({ value: 150000, unit: 'CNY', rule: 'assets.business-capital', attributes: ['samr_business.registered_capital'], persons: ['a'] });
    expect(a.assets.properties).toMatchObject({ value: 1, persons: ['b'] });
    expect(a.eligibility.find((e) => e.programme === 'MARGINAL')!.reasons).toEqual(['Deposits per person 30000.01 above the limit 30000.00', 'Vehicles 1 above the limit 0', 'Business capital 150000.00 above the limit 100000.00']);
  });

  it('adds properties over members and flags more than the one home allowed', () => {
    const a = assess(input([person('a', 'HEAD', bornAged(75), { 're_property.property_count': 1 }), person('b', 'SPOUSE', bornAged(75), { 're_property.property_count': 1 })]));
    expect(a.assets.properties).toMatchObject({ value: 2, attributes: ['re_property.property_count'], persons: ['a', 'b'] });
    expect(a.assets.exceeded).toEqual([{ limit: 'properties', allowed: 1, figure: a.assets.properties }]);
  });

  it('gives zero figures to a household with no asset on record', () => {
    const a = assess(input([person('a', 'HEAD', bornAged(75))]));
    expect([a.assets.depositsPerCapita.value, a.assets.vehicles.value, a.assets.properties.value, a.assets.businessCapital.value]).toEqual([0, 0, 0, 0]);
    expect(a.assets.passes).toBe(true);
  });
});
