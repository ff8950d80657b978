import { describe, expect, it } from 'vitest';
import { assess, markProvisional, meansTestAttributes, meansTestSources, type Assessment, type Programme } from '../../src/assessment/index.js';
import { catalog } from '../../src/catalog/index.js';
import { ableSupporter, bornAged, input, person } from './fixture-policy.js';

const of = (a: Assessment, p: Programme) => a.eligibility.find((e) => e.programme === p)!;

// An elderly couple whose only recorded income is the head's pension of 1,000 a month: 500 per person,
// below the fixture's minimum living standard (900), eligible for the minimum living allowance on what answered
// (a son able to support, with a recorded wage of 0, rules out 特困, which would exclude 低保).
const couple = (values: Record<string, number | boolean> = {}) =>
  assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 1000, ...values }), person('s', 'SPOUSE', bornAged(71))], [ableSupporter()]));

describe('what rests on sources that did not answer (以核为准)', () => {
  it('changes nothing when every source answered', () => {
    const a = couple();
    expect(markProvisional(a, [], catalog())).toBe(a);
    expect(of(a, 'MINIMUM_LIVING').conclusion).toBe('ELIGIBLE');
  });

  it('never states ELIGIBLE when a bank timed out: the conclusion is PROVISIONAL, naming the source and why', () => {
    const a = markProvisional(couple(), [{ source: 'bank_icbc', status: 'TIMEOUT' }], catalog());
    const minimum = of(a, 'MINIMUM_LIVING');
    expect(minimum).toMatchObject({ conclusion: 'PROVISIONAL', eligible: false, missing: [{ source: 'bank_icbc', status: 'TIMEOUT' }] });
    expect(minimum.grounds.at(-1)).toMatchObject({ code: 'SOURCES_MISSING', holds: false });
    expect(minimum.grounds.at(-1)!.zh).toContain('bank_icbc 未答复');
    expect(a.missing).toEqual([{ source: 'bank_icbc', status: 'TIMEOUT' }]);
    // Deposits come from banks: the asset figures are provisional; the pension (not a bank's) is not.
    expect(a.assets.depositsPerCapita.provisional).toEqual([{ source: 'bank_icbc', status: 'TIMEOUT' }]);
    expect(a.members[0]!.income.PENSION?.provisional).toBeUndefined();
  });

  it('marks income figures provisional when an income source is missing (no wage record is not "no wage")', () => {
    const a = markProvisional(couple(), [{ source: 'hrss_employment', status: 'UNAVAILABLE' }], catalog());
    expect(a.income.perCapita.provisional).toEqual([{ source: 'hrss_employment', status: 'UNAVAILABLE' }]);
    expect(of(a, 'MINIMUM_LIVING').conclusion).toBe('PROVISIONAL');
    expect(of(a, 'MARGINAL').conclusion).toBe('PROVISIONAL');
  });

  it('keeps NOT_ELIGIBLE that rests on a verified disqualifier (a vehicle over the limit), whatever else is missing', () => {
    const a = markProvisional(couple({ 'ps_vehicle.vehicle_count': 1 }), [{ source: 'bank_icbc', status: 'TIMEOUT' }], catalog());
    expect(of(a, 'MINIMUM_LIVING')).toMatchObject({ conclusion: 'NOT_ELIGIBLE', missing: [] });
  });

  it('keeps NOT_ELIGIBLE when only asset records are missing: more deposits cannot make the income test hold', () => {
    const a = markProvisional(couple({ 'hrss_benefit.pension_monthly': 2000 }), [{ source: 'bank_icbc', status: 'TIMEOUT' }], catalog());
    expect(of(a, 'MINIMUM_LIVING')).toMatchObject({ conclusion: 'NOT_ELIGIBLE', missing: [] });
  });

  it('makes an income-based NOT_ELIGIBLE provisional when a source that could lower the income is missing (medical bills)', () => {
    // 2 × 1,000 = 2,000 a month, 1,000 per person: not below 900.
    const a = markProvisional(couple({ 'hrss_benefit.pension_monthly': 2000 }), [{ source: 'mi_medical', status: 'TIMEOUT' }], catalog());
    expect(of(a, 'MINIMUM_LIVING').conclusion).toBe('PROVISIONAL');
  });

});

describe('each agency family missing', () => {
  const cat = catalog();
  const families = [...new Set(cat.sources.map((s) => s.family))];
  const readByTheMeansTest = new Set(meansTestSources(cat));

  it.each(families)('%s: no conclusion stays ELIGIBLE when its source that the means test reads is missing; one it does not read changes nothing', (family) => {
    const source = cat.sources.find((s) => s.family === family)!.id;
    const before = couple();
    expect(of(before, 'MINIMUM_LIVING').conclusion).toBe('ELIGIBLE');
    const a = markProvisional(couple(), [{ source, status: 'UNAVAILABLE' }], cat);
    if (readByTheMeansTest.has(source)) {
      expect(a.eligibility.filter((e) => e.conclusion === 'ELIGIBLE').map((e) => e.programme)).toEqual([]);
      expect(of(a, 'MINIMUM_LIVING')).toMatchObject({ conclusion: 'PROVISIONAL', onAnswered: 'ELIGIBLE', missing: [{ source, status: 'UNAVAILABLE' }] });
    } else {
      expect(a.eligibility.map((e) => e.conclusion)).toEqual(before.eligibility.map((e) => e.conclusion));
    }
  });

  it('the means test reads a source of every agency family', () => {
    const unread = families.filter((f) => !cat.sources.some((s) => s.family === f && readByTheMeansTest.has(s.id)));
    expect(unread).toEqual([]);
  });
});

describe('what the means test reads covers what the shipped policies test', () => {
  it('every attribute and category a seed veto clause tests is fetched for the assessment and counted as missing when its source is', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../src/regional-policy/data/', import.meta.url);
    const read = new Set(meansTestAttributes(catalog()));
    const tested = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { parameters: { vetoes?: { when: { kind: string; attribute?: string; category?: string } }[] } }).parameters.vetoes ?? [])
      .flatMap((v) => (v.when.kind === 'member-attribute' ? [v.when.attribute!] : v.when.kind === 'member-category' ? catalog().attributes.filter((a) => a.category === v.when.category).map((a) => a.code) : []));
    expect(tested.length).toBeGreaterThan(10);
    expect(tested.filter((code) => !read.has(code))).toEqual([]);
  });
});

describe('conclusions that rest on another programme', () => {
  it('makes 低保边缘 provisional when it failed only because 低保 looked eligible and 低保 is provisional (more deposits can end 低保 and open 低保边缘)', () => {
    const a = markProvisional(couple(), [{ source: 'bank_icbc', status: 'TIMEOUT' }], catalog());
    expect(of(a, 'MINIMUM_LIVING').conclusion).toBe('PROVISIONAL');
    const marginal = of(a, 'MARGINAL');
    expect(marginal.grounds.some((g) => g.code === 'NOT_MINIMUM_LIVING' && !g.holds)).toBe(true);
    expect(marginal).toMatchObject({ conclusion: 'PROVISIONAL', onAnswered: 'NOT_ELIGIBLE', missing: [{ source: 'bank_icbc', status: 'TIMEOUT' }] });
  });
});

describe('chains of conclusions', () => {
  it('follows 低保边缘 after 低保 after 特困: all provisional when 特困 is', () => {
    // An elderly couple with no able supporter on a pension below the standard is 特困 (so not 低保, and not 低保边缘).
    const a = markProvisional(assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': 1000 }), person('s', 'SPOUSE', bornAged(71))])), [{ source: 'bank_icbc', status: 'TIMEOUT' }], catalog());
    expect(of(a, 'EXTREME_POVERTY').conclusion).toBe('PROVISIONAL');
    expect(of(a, 'MINIMUM_LIVING')).toMatchObject({ conclusion: 'PROVISIONAL', onAnswered: 'NOT_ELIGIBLE' });
    expect(of(a, 'MARGINAL')).toMatchObject({ conclusion: 'PROVISIONAL', onAnswered: 'NOT_ELIGIBLE' });
  });
});
