import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess } from '../../src/assessment/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { catalog } from '../../src/catalog/index.js';
import { policyParametersSchema, type VetoClause } from '../../src/regional-policy/index.js';
import { ableSupporter, bornAged, input, person, policyWith } from './fixture-policy.js';

// A poor elderly couple with a son able to support (so not 特困): eligible for the minimum living allowance unless a veto fires.
const couple = (head: Record<string, AttributeValue>, spouse: Record<string, AttributeValue> = {}) =>
  assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 1000, ...head }), person('s', 'SPOUSE', bornAged(70), spouse)], [ableSupporter()]));

describe('veto clauses', () => {
  it('fires nothing for a clean household', () => {
    const a = couple({});
    expect(a.vetoes).toEqual([]);
    expect(a.eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!.eligible).toBe(true);
  });

  it('fires a member-attribute clause and names the attribute and the member', () => {
    const a = couple({}, { 'ps_vehicle.luxury_vehicle': true });
    expect(a.vetoes).toEqual([
      { code: 'LUXURY_VEHICLE', zh: '拥有高档车辆', en: 'Owns a luxury vehicle', outcome: 'REJECT', deferMonths: null, figure: { value: 1, unit: 'count', rule: 'veto.member-attribute', attributes: ['ps_vehicle.luxury_vehicle'], persons: ['s'] } },
    ]);
    const ml = a.eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!;
    expect(ml).toMatchObject({ programme: 'MINIMUM_LIVING', conclusion: 'NOT_ELIGIBLE', eligible: false, reasons: ['Veto LUXURY_VEHICLE: Owns a luxury vehicle'] });
    expect(ml.grounds[0]!.zh).toBe('一票否决：拥有高档车辆');
  });

  it('fires a member-category clause on any attribute of the category', () => {
    const a = couple({ 'est_staffing.staffed_post': false, 'fin_payroll.on_public_payroll': true }, { 'est_staffing.staffed_post': true });
    expect(a.vetoes.map((v) => [v.code, v.figure])).toEqual([
      ['PUBLIC_PAYROLL', { value: 2, unit: 'count', rule: 'veto.member-category', attributes: ['fin_payroll.on_public_payroll', 'est_staffing.staffed_post'], persons: ['h', 's'] }],
    ]);
  });

  it('fires a household-measure clause with the measure as its figure', () => {
    const a = couple({ 're_property.property_count': 1 }, { 're_property.property_count': 1 });
    expect(a.vetoes).toEqual([
      { code: 'SECOND_HOME', zh: '拥有两套及以上住房', en: 'Owns two or more homes', outcome: 'REJECT', deferMonths: null, figure: { value: 2, unit: 'count', rule: 'veto.household-measure.propertyCount', attributes: ['re_property.property_count'], persons: ['h', 's'] } },
    ]);
    expect(couple({ 're_property.property_count': 1 }).vetoes).toEqual([]);
  });

  it('tests the business count and securities measures, and numeric comparisons', () => {
    const p = policyWith({
      vetoes: [
        { code: 'BUSINESSES', zh: '经营多家企业', en: 'Runs several businesses', when: { kind: 'household-measure', measure: 'businessCount', op: 'gte', value: 2 } },
        { code: 'SECURITIES', zh: '持有较多证券', en: 'Holds securities above the limit', when: { kind: 'household-measure', measure: 'securities', op: 'gt', value: 50000 } },
        { code: 'ENFORCEMENT', zh: '被执行金额较大', en: 'Large amount under enforcement', when: { kind: 'member-attribute', attribute: 'court.enforcement_amount', op: 'gte', value: 10000 } },
      ],
    });
    const a = assess(
      input(
        [
          person('h', 'HEAD', bornAged(50), { 'samr_business.business_count': 1, 'samr_business.legal_representative': true, 'sec_csdc.market_value': 30000, 'court.enforcement_amount': 10000 }),
          person('s', 'SPOUSE', bornAged(50), { 'samr_business.business_count': 1, 'sec_csdc.market_value': 20000.01, 'court.enforcement_amount': 9999 }),
        ],
        [],
        p,
      ),
    );
    expect(a.vetoes.map((v) => [v.code, v.figure.value, v.figure.rule, v.figure.attributes, v.figure.persons])).toEqual([
      ['BUSINESSES', 2, 'veto.household-measure.businessCount', ['samr_business.business_count'], ['h', 's']],
      ['SECURITIES', 50000.01, 'veto.household-measure.securities', ['sec_csdc.market_value'], ['h', 's']],
      ['ENFORCEMENT', 1, 'veto.member-attribute', ['court.enforcement_amount'], ['h']],
    ]);
  });

  it('reads a deceased member’s assets (they pass to the household), not their status', () => {
    expect(couple({}, { 'ps_hukou.vital_status': 'DECEASED', 'ps_vehicle.luxury_vehicle': true }).vetoes.map((v) => v.code)).toEqual(['LUXURY_VEHICLE']);
    expect(couple({}, { 'ps_hukou.vital_status': 'DECEASED', 'fin_payroll.on_public_payroll': true }).vetoes).toEqual([]);
  });

  it('defers with its period: a DEFER clause fires with deferMonths and blocks the programmes for now', () => {
    const defer: VetoClause = { code: 'PROPERTY_SOLD_12M', zh: '申请前 12 个月内出售不动产，暂缓申请', en: 'Sold real estate in the last 12 months: application deferred', when: { kind: 'member-attribute', attribute: 're_property.sold_12m_amount', op: 'gt', value: 0 }, outcome: 'DEFER', deferMonths: 12 };
    const a = assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 500, 're_property.sold_12m_amount': 200000 })], [], policyWith({ vetoes: [defer] })));
    expect(a.vetoes.map((v) => [v.code, v.outcome, v.deferMonths])).toEqual([['PROPERTY_SOLD_12M', 'DEFER', 12]]);
    const ml = a.eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!;
    expect(ml.grounds.map((g) => [g.code, g.zh])).toEqual([['VETO_PROPERTY_SOLD_12M', '暂缓申请 12 个月：申请前 12 个月内出售不动产，暂缓申请']]);
  });

  it('ships at least 14 clauses in every province seed, each with Chinese text, a source, an outcome and attributes the catalogue has', () => {
    const dir = new URL('../../src/regional-policy/data/', import.meta.url);
    const c = catalog();
    const seeds = readdirSync(dir).filter((f) => f.endsWith('0000_2026-01-01.json') || f.endsWith('0000_2025-01-01.json'));
    expect(seeds.length).toBeGreaterThanOrEqual(4);
    for (const f of seeds) {
      const vetoes = policyParametersSchema.shape.vetoes.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8')).parameters.vetoes);
      expect(vetoes.length, f).toBeGreaterThanOrEqual(14);
      for (const v of vetoes) {
        expect(v.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(v.source, v.code).toBeTruthy();
        expect(['REJECT', 'DEFER']).toContain(v.outcome);
        if (v.when.kind === 'member-attribute') expect(c.attribute(v.when.attribute), v.when.attribute).toBeTruthy();
      }
    }
  });
});
