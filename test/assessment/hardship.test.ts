import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { Caller } from '../../src/auth/index.js';
import { assess, rescoreHardship } from '../../src/assessment/index.js';
import { assessmentRules, policyParametersSchema, RULE_DEFAULTS, savePolicy, type HardshipIndex } from '../../src/regional-policy/index.js';
import { bornAged, input, person, policyWith } from './fixture-policy.js';

/** A small index whose arithmetic fits in a comment: STATUS 50, INCOME 30, ASSETS 20. */
const SMALL: HardshipIndex = {
  groups: [
    { group: 'STATUS', zh: '户籍状况', en: 'Status', weight: 50 },
    { group: 'INCOME', zh: '家庭收入', en: 'Income', weight: 30 },
    { group: 'ASSETS', zh: '家庭财产', en: 'Assets', weight: 20 },
  ],
  items: [
    { code: 'ELDERLY', zh: '老年', en: 'Elderly', group: 'STATUS', weight: 20, score: { kind: 'member-share', who: { ageAtLeast: 60 } } },
    { code: 'SERIOUS', zh: '重病', en: 'Seriously ill', group: 'STATUS', weight: 30, score: { kind: 'member-share', who: { attributes: [{ category: 'status.serious_illness', op: 'eq', value: true }] } } },
    { code: 'GAP', zh: '收入差距', en: 'Income gap', group: 'INCOME', weight: 20, score: { kind: 'figure-gap', figure: 'perCapita', below: { standard: 'lowIncome', times: 1 } } },
    { code: 'NO_AID', zh: '近90日未获救助', en: 'No aid in 90 days', group: 'INCOME', weight: 10, score: { kind: 'no-recorded-assistance', withinDays: 90 } },
    { code: 'NO_PROPERTY', zh: '无房产', en: 'No property', group: 'ASSETS', weight: 20, score: { kind: 'condition', when: [{ kind: 'figure', figure: 'properties', op: 'eq', than: 0 }] } },
  ],
};
const small = policyWith({ hardshipIndex: SMALL });

const points = (a: ReturnType<typeof assess>) => Object.fromEntries(a.hardship.contributions.map((c) => [c.factor, [c.score, c.points]]));

describe('hardship index (itemised, policy data)', () => {
  it('one seriously ill person of 75 on a 900 pension, urban low-income standard 1350: 20 + 30 + 6.7 + 10 + 20 = 86.7', () => {
    const a = assess(input([person('p', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': 900, 'mi_medical.serious_illness': true })], [], small));
    // GAP: (1350 - 900) / 1350 = 0.3333; 20 x 0.3333 = 6.67 -> 6.7.
    expect(points(a)).toEqual({ ELDERLY: [1, 20], SERIOUS: [1, 30], GAP: [0.3333, 6.7], NO_AID: [1, 10], NO_PROPERTY: [1, 20] });
    expect(a.hardship.index).toBe(86.7);
    expect(a.hardship.groups.map((g) => [g.group, g.weight, g.points])).toEqual([
      ['STATUS', 50, 50],
      ['INCOME', 30, 16.7],
      ['ASSETS', 20, 20],
    ]);
    const serious = a.hardship.contributions.find((c) => c.factor === 'SERIOUS')!;
    expect([serious.group, serious.kind, serious.attributes]).toEqual(['STATUS', 'member-share', ['mi_medical.serious_illness']]);
    expect(a.hardship.contributions.find((c) => c.factor === 'GAP')!.attributes).toEqual(['hrss_benefit.pension_monthly']);
  });

  it('shares are over counted members: 1 of 3 aged 60+ -> 20/3 = 6.67 -> 6.7; a home and income above the standard score 0; total 6.7 + 10 = 16.7', () => {
    const a = assess(
      input([person('h', 'HEAD', bornAged(40), { 'hrss_employment.wage_monthly': 6000, 're_property.property_count': 1 }), person('g', 'PARENT', bornAged(64)), person('c', 'CHILD', bornAged(12))], [], small),
    );
    expect(points(a)).toMatchObject({ ELDERLY: [0.3333, 6.7], SERIOUS: [0, 0], GAP: [0, 0], NO_PROPERTY: [0, 0] });
    expect(a.hardship.index).toBe(16.7);
  });

  it('recorded assistance lowers the index: TEMPORARY 29 days before 2026-06-30 scores NO_AID 0 (86.7 - 10 = 76.7); 121 days before does not', () => {
    const a = assess(input([person('p', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': 900, 'mi_medical.serious_illness': true })], [], small));
    const recent = rescoreHardship(a.hardship, SMALL, [{ programme: 'TEMPORARY', date: '2026-06-01' }], '2026-06-30');
    expect(recent.index).toBe(76.7);
    expect('groups' in recent && recent.groups.map((g) => g.points)).toEqual([50, 6.7, 20]);
    expect(rescoreHardship(a.hardship, SMALL, [{ programme: 'TEMPORARY', date: '2026-03-01' }], '2026-06-30').index).toBe(86.7);
    // An assessment stored with the 9-factor index is left as it was.
    const legacy = { index: 55, contributions: [{ factor: 'INCOME_GAP', weight: 30, score: 0.3333, points: 10, attributes: [] }] };
    expect(rescoreHardship(legacy, SMALL, [{ programme: 'TEMPORARY', date: '2026-06-01' }], '2026-06-30')).toBe(legacy);
  });

  it('the shipped index has at least 35 items in the three groups, weights 40 + 35 + 25 = 100, each group its items sum', () => {
    const index = RULE_DEFAULTS.hardshipIndex;
    expect(index.items.length).toBeGreaterThanOrEqual(35);
    expect(index.groups.map((g) => [g.group, g.weight])).toEqual([
      ['STATUS', 40],
      ['INCOME', 35],
      ['ASSETS', 25],
    ]);
    for (const g of index.groups) expect(index.items.filter((i) => i.group === g.group).reduce((s, i) => s + i.weight, 0)).toBe(g.weight);
    // A policy without the section (stored before it) reads the shipped one.
    expect(assessmentRules({}).hardshipIndex).toBe(index);
  });

  it('a household scoring fully on every item of the small index reaches 100', () => {
    const a = assess(input([person('p', 'HEAD', bornAged(75), { 'mi_medical.serious_illness': true })], [], small));
    expect(a.hardship.index).toBe(100);
  });
});

describe('hardship index refused when inconsistent', () => {
  const parse = (hardshipIndex: unknown) => policyParametersSchema.partial().safeParse({ hardshipIndex });
  const path = (hardshipIndex: unknown) => {
    const r = parse(hardshipIndex);
    return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
  };

  it('names the group whose items do not add up to its weight (20 + 30 = 50; 20 + 25 = 45 is not)', () => {
    const items = SMALL.items.map((i) => (i.code === 'SERIOUS' ? { ...i, weight: 25 } : i));
    expect(path({ ...SMALL, items })).toEqual(['hardshipIndex.groups.0.weight']);
  });

  it('names an item without a weight, a duplicate code and a group without items', () => {
    const { weight: _w, ...noWeight } = SMALL.items[0]!;
    expect(path({ ...SMALL, items: [noWeight, ...SMALL.items.slice(1)] })).toContain('hardshipIndex.items.0.weight');
    expect(path({ ...SMALL, items: [...SMALL.items, { ...SMALL.items[4]!, weight: 0 }] })).toEqual(['hardshipIndex.items.5.code']);
    expect(path({ ...SMALL, items: SMALL.items.filter((i) => i.group !== 'ASSETS') })).toEqual(['hardshipIndex.groups.2.group']);
  });

  it('savePolicy refuses the version naming the field, before touching the database', async () => {
    const items = SMALL.items.map((i) => (i.code === 'GAP' ? { ...i, weight: 15 } : i));
    const caller = { sub: 'admin', org: '370000', roles: ['admin'] } as unknown as Caller;
    await expect(savePolicy({} as Knex, caller, { regionCode: '370000', effectiveFrom: '2027-01-01', parameters: { hardshipIndex: { ...SMALL, items } } })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'parameters.hardshipIndex.groups.1.weight' },
    });
  });
});
